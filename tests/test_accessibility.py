"""WCAG 2.1 A/AA in a real browser: axe-core on every page of the dashboard, in Swedish and English.

One server (as ``samrehab dashboard`` starts it) and one Chromium for all pages, at a laptop-sized
viewport (1280 × 900: at taller viewports axe cannot see the sidebar's background behind its text
and reports the contrast as "incomplete" instead of failing it). axe-core is the npm package that
``make browser`` installs (tools/node/node_modules/axe-core, 4.14.1), else the copy bundled in the
pinned ``axe-playwright-python`` package; it is injected through Playwright and run with the rules
tagged wcag2a, wcag2aa, wcag21a and wcag21aa. Serious and critical
violations fail the test; moderate and minor ones are printed. Also: a bookmark to every page, the
overview's own path included, opens that page without Streamlit's "Page not found", and every page
is saved as a full-page screenshot under ``screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest
from test_browser import (  # noqa: F401
    SCREENSHOTS,
    URLS,
    _assert_no_error,
    _launch,
    _require_browser,
    _wait_for_page,
    server,
)
from test_dashboard_pages import dashboard_snapshot  # noqa: F401  (session fixture shared with the page tests)

from dashboards.app import PAGES
from samrehab.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
# Every page by its own url path, the overview's included (the root serves it too).
BOOKMARKS = {url: file for entries in PAGES.values() for file, _, url, _ in entries}


@pytest.fixture(scope="module")
def chromium_page(server: tuple[str, subprocess.Popen]):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def _axe_source() -> str:
    """axe-core's script: the npm package of ``make browser``, else axe-playwright-python's copy."""
    npm = PROJECT_ROOT / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    if npm.exists():
        return npm.read_text(encoding="utf-8")
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        print("accessibility test skipped: neither tools/node axe-core nor axe-playwright-python is installed")
        pytest.skip("axe-core is missing (make browser, or make setup for axe-playwright-python)")
    return (Path(next(iter(spec.submodule_search_locations))) / "axe.min.js").read_text(encoding="utf-8")


def _describe(violation: dict) -> str:
    targets = [", ".join(node.get("target", [])) for node in violation.get("nodes", [])[:3]]
    count = len(violation.get("nodes", []))
    return f"{violation['id']} ({violation.get('impact')}, {count} nodes: {'; '.join(targets)})"


# Swedish walks every page by its bookmark (its own url path, the overview's /oversikt included),
# English every page as the menu links it (the overview at the root) in `make test-full`, and in
# `make test` the overview and the equity page (the page with the most controls).
WALKS = {"sv_every_page": list(BOOKMARKS), "en_overview_and_equity": ["", "jamlikhet"],
         "en_every_page": list(URLS)}


@pytest.mark.parametrize("walk", ["sv_every_page", "en_overview_and_equity",
                                  pytest.param("en_every_page", marks=pytest.mark.full)])
def test_axe_wcag21_aa(server: tuple[str, subprocess.Popen], chromium_page, walk: str) -> None:  # noqa: F811
    """axe on the pages of the walk; in Swedish each page is opened from a bookmark, which must
    open that page.

    (``/oversikt`` showed "Page not found" over the overview: the default page ignored its path.)
    The Swedish walk also saves each page as a full-page screenshot.
    """
    lang = walk[:2]
    source = _axe_source()
    url, _ = server
    page = chromium_page
    failures, notes, timings = [], [], {}
    SCREENSHOTS.mkdir(exist_ok=True)
    for path in WALKS[walk]:
        page.goto(f"{url}/{path}" + ("" if lang == "sv" else f"?lang={lang}"))
        timings[path or "oversikt"] = _wait_for_page(page, path)
        page.wait_for_timeout(500)  # the "Page not found" dialog, when shown, comes with the end of the run
        _assert_no_error(page, f"{path or 'oversikt'} ({lang})")
        if lang == "sv":
            assert f"/{path}" in page.url, f"the bookmark /{path} was redirected to {page.url}"
            page.screenshot(path=str(SCREENSHOTS / f"{path}.png"), full_page=True)
        page.evaluate(source)
        results = page.evaluate("options => axe.run(document, options)",
                                {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        version = results["testEngine"]["version"]
        for violation in results["violations"]:
            line = f"/{path} [{lang}]: {_describe(violation)}"
            (failures if violation.get("impact") in FAILING_IMPACTS else notes).append(line)
    print(f"axe {version} {lang}: {len(WALKS[walk])} pages, {len(failures)} serious/critical, "
          f"{len(notes)} moderate/minor; page load until drawn (s): "
          + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items()))
    for line in notes:
        print("  note: " + line)
    assert not failures, "serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
