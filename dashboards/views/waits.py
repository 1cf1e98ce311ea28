"""Väntetider / Waiting times: E1 access, waits to first visit, waiting now and unmet need."""

from dashboards import ui
from dashboards.theme import render_theme

ctx = ui.context()
render_theme(ctx, "page_waits", ctx.metrics_of(["E1."]), "vantetider")
