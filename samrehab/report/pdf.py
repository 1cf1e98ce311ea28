"""Print the report's HTML to an A4 PDF with headless Chromium (Debian's ``/usr/bin/chromium``) via Playwright.

The page is loaded from its file, with print media emulated and a viewport as wide as the printable A4
area, so the plotly charts lay themselves out at print width; once every chart has drawn its SVG the
page is printed. Charts are then vector graphics in the PDF. Every request that is not a local file is
refused, so printing never touches the network.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
)
# A4 is 210 mm wide; the report's @page margins are 13 mm left and right: 184 mm ≈ 695 CSS pixels.
PRINT_WIDTH_PX = 695
MARGINS = {"top": "14mm", "right": "13mm", "bottom": "16mm", "left": "13mm"}
CHARTS_DRAWN = """(expected) => {
  const charts = [...document.querySelectorAll('div.plotly-graph-div')];
  return charts.length === expected && charts.every(d => d._fullLayout && d.querySelector('svg.main-svg'));
}"""


class ChromiumMissingError(RuntimeError):
    """Chromium (or the Playwright package) is not installed: the PDF cannot be printed."""


@dataclass(frozen=True)
class PrintResult:
    """What printing did: the PDF path and the local/blocked requests the page made."""

    path: Path
    blocked_requests: tuple[str, ...]


def chromium_problem(executable: Path | None = None) -> str | None:
    """``None`` when the PDF can be printed here (default browser: ``CHROMIUM``), else the reason it cannot."""
    executable = Path(executable) if executable is not None else CHROMIUM
    if not executable.exists():
        return f"{executable} is missing (`make browser` installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (`make setup` installs the dev dependencies)"
    return None


def footer_template(text: str) -> str:
    """Playwright's footer: ``text`` with ``{page}``/``{pages}`` replaced by Chromium's page counters."""
    escaped = html.escape(text).replace("{page}", '<span class="pageNumber"></span>') \
        .replace("{pages}", '<span class="totalPages"></span>')
    return ('<div style="width:100%; font-size:8px; color:#555; padding:0 13mm; '
            'font-family:system-ui, Arial, sans-serif; text-align:right;">' + escaped + "</div>")


def print_pdf(html_path: Path, pdf_path: Path, charts: int, footer: str, *, timeout_s: float = 60,
              executable: Path | None = None) -> PrintResult:
    """Print ``html_path`` to ``pdf_path`` (A4, backgrounds) after its ``charts`` plotly charts have drawn."""
    executable = Path(executable) if executable is not None else CHROMIUM
    problem = chromium_problem(executable)
    if problem:
        raise ChromiumMissingError(problem)
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1100})
            page.route("**/*", guard)
            page.emulate_media(media="print")
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=timeout_s * 1000)
            page.pdf(path=str(pdf_path), format="A4", print_background=True, margin=MARGINS,
                     display_header_footer=True, header_template="<div></div>",
                     footer_template=footer_template(footer))
        finally:
            browser.close()
    return PrintResult(pdf_path, tuple(blocked))
