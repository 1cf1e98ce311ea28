"""The report as one self-contained HTML file: CSS inline, plotly.js inline once, every chart interactive.

No external URL at all (no CDN script, no web font, no remote image), so the file opens offline and can
be mailed or archived as it is. The same HTML, printed by Chromium, is the PDF (``samrehab.report.pdf``).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from samrehab.read.charts import plotly_config
from samrehab.read.labels import LABELS, t
from samrehab.report.model import Figure, Report

TEMPLATES = Path(__file__).resolve().parent / "templates"


def figure_html(figure: Figure) -> str:
    """One chart as a ``<div>`` plus the script that draws it with the page's inline plotly.js."""
    config = {**plotly_config(figure.name), "responsive": True}
    return figure.figure.to_html(full_html=False, include_plotlyjs=False, div_id=figure.name, config=config)


def plotly_js() -> str:
    """The plotly.js bundle that ships with the plotly package (no network)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def render_html(report: Report) -> str:
    """The report as a complete HTML document."""
    figures = {figure.name: figure_html(figure) for figure in report.figures()}
    if len(figures) != len(report.figures()):
        raise ValueError("two figures of the report share a name")
    labels = {key: t(key, report.lang) for key in LABELS}
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    template = _environment().get_template("report.html.j2")
    return template.render(report=report, figures=figures, labels=labels, css=css, plotly_js=plotly_js())


def write_html(report: Report, path: Path) -> Path:
    """Write the HTML file (UTF-8) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path


def chart_count(report: Report) -> int:
    """How many plotly charts the HTML draws (the PDF step waits for all of them)."""
    return len(report.figures())

