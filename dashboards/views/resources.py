"""Resurser och kompetens / Resources and competence: E3 (use of the professions) and E4 (competence supply)."""

from dashboards import ui
from dashboards.theme import render_theme

ctx = ui.context()
render_theme(ctx, "page_resources", ctx.metrics_of(["E3.", "E4."]), "resurser")
