"""Rehabplaner / Rehabilitation plans: E2 (guidelines, follow-up, audit, decision support) and E5 plans."""

from dashboards import ui
from dashboards.theme import render_theme

ctx = ui.context()
render_theme(
    ctx, "page_plans",
    ctx.metrics_of(["E2.", "E5.episodes_with_plan_share", "E5.plan_shared_with_patient_share"]),
    "rehabplaner",
)
