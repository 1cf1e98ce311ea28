"""End to end in a real browser: the dashboard served by Streamlit, driven by Debian's Chromium.

Starts the server the way ``samrehab dashboard`` does (a free port on 127.0.0.1), changes filters,
waits for the plotly charts, asserts no error is shown, downloads a table and saves a full-page
screenshot under ``screenshots/`` (git-ignored); every page is opened and saved as a screenshot by
the Swedish accessibility walk (tests/test_accessibility.py). Skips, saying why, when Chromium or the
Playwright package is missing; never downloads a browser.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from test_dashboard_pages import dashboard_snapshot  # noqa: F401  (session fixture shared with the page tests)

from dashboards.app import PAGES
from samrehab import dashboard_command
from samrehab.config import PROJECT_ROOT
from samrehab.read.formatting import SUPPRESSED

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "screenshots"
# url path -> page file; the default page (overview) is served at the root.
URLS = {("" if file == "overview.py" else url): file for entries in PAGES.values() for file, _, url, _ in entries}
# Pages that draw a chart whatever the snapshot holds (they fall back to metric_values' E1 metrics).
CHART_PAGES = {"", "jamlikhet", "vantetider", "vardnivaer"}

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if not CHROMIUM.exists():
        print(f"browser test skipped: {CHROMIUM} is missing (`make browser` installs it as root)")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium: `make browser`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        print(f"browser test skipped: the playwright package is missing ({exc})")
        pytest.skip("the playwright Python package is missing")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the dashboard server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the dashboard did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def _serve(snapshot: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A new dashboard server as ``samrehab dashboard`` starts it, on a free port of 127.0.0.1."""
    port = _free_port()
    command = dashboard_command.streamlit_command(Path(snapshot), port, "127.0.0.1")
    env = dict(os.environ, SAMREHAB_SNAPSHOT=str(snapshot))
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(dashboard_snapshot: Path) -> Iterator[tuple[str, subprocess.Popen]]:  # noqa: F811
    """The dashboard served as ``samrehab dashboard`` serves it, on a free port of 127.0.0.1."""
    _require_browser()
    with _serve(dashboard_snapshot) as served:
        yield served


def _launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser_page(server: tuple[str, subprocess.Popen]):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
        page = context.new_page()
        yield page
        context.close()
        browser.close()


def _wait_for_page(page, path: str) -> float:
    """Wait until the page's content is drawn; returns the seconds it took."""
    started = time.perf_counter()
    page.wait_for_selector("h1", timeout=60_000)
    if path in CHART_PAGES:
        page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
    else:
        page.wait_for_selector('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], '
                               '[data-testid="stAlertContentInfo"]', timeout=60_000)
    return time.perf_counter() - started


def _assert_no_error(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"{where}: an exception is shown"
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0, f"{where}: an error is shown"
    assert "Traceback" not in page.inner_text("body"), f"{where}: a traceback is shown"
    assert page.get_by_text("Page not found").count() == 0, f"{where}: Streamlit did not find the page"


def test_deep_link_as_the_first_visit_to_a_new_server(dashboard_snapshot: Path) -> None:  # noqa: F811
    """A bookmarked page opened on a server nobody has visited yet: that page, no "Page not found".

    (With the page files in a ``pages/`` folder Streamlit's first run routed by file name and showed
    the dialog over the page.)
    """
    _require_browser()
    from playwright.sync_api import sync_playwright

    with _serve(dashboard_snapshot) as (url, _), sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{url}/rehabplaner")
            _wait_for_page(page, "rehabplaner")
            page.wait_for_timeout(1000)  # the dialog, when shown, comes with the first run's end
            assert page.locator("h1").first.inner_text() == "Rehabplaner"
            assert "/rehabplaner" in page.url
            _assert_no_error(page, "first visit to /rehabplaner")
        finally:
            browser.close()


def test_changing_filters_and_downloading_a_table_in_chromium(server: tuple[str, subprocess.Popen],
                                                              browser_page) -> None:
    """Filters change the view and the URL; the CSV download never shows 1–4 persons.

    (Every page is opened, checked for errors and saved as a screenshot by the Swedish accessibility
    walk, tests/test_accessibility.py, in the same kind of server and browser.)
    """
    url, _ = server
    page = browser_page
    SCREENSHOTS.mkdir(exist_ok=True)
    # Change filters on the equity page: another dimension (page widget), then month (sidebar).
    page.goto(f"{url}/jamlikhet")
    _wait_for_page(page, "jamlikhet")
    page.get_by_test_id("stSelectbox").filter(has_text="Dimension").click()
    page.get_by_role("option", name="Kön").click()
    page.wait_for_function("() => window.location.search.includes('dim=sex')", timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_text("Månad", exact=True).click()
    page.wait_for_function("() => window.location.search.includes('ptype=month')", timeout=30_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
    # the rerun for month draws the groups of sex (on a server whose cache is still cold this takes seconds)
    page.wait_for_function("() => document.body.innerText.includes('Kvinnor')", timeout=60_000)
    page.wait_for_timeout(800)
    _assert_no_error(page, "equity after changing filters")
    page.screenshot(path=str(SCREENSHOTS / "jamlikhet_kon_manad.png"), full_page=True)

    # The URL carries the choices as codes, so a copied link reproduces the view (the accessibility walk
    # opens every page from a bare URL; the page tests open pages from URLs with parameters).
    assert "region=" in page.url and "period=" in page.url and "lang=sv" in page.url

    # The CSV download holds what the table shows: `..` for suppressed cells, never 1–4 persons.
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Ladda ner tabellen (CSV)").first.click()
    data = Path(info.value.path()).read_bytes()
    table = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"Värde", "Täljare", "Nämnare"} <= set(table.columns) and len(table) > 0
    for row in table.to_dict("records"):
        cells = [row["Värde"], row["95 % KI"], row["Täljare"], row["Nämnare"]]
        assert row["Värde"] != SUPPRESSED or cells == [SUPPRESSED] * 4, f"a suppressed row leaks: {row}"
        for name in ("Täljare", "Nämnare"):
            text = row[name].replace("\u00a0", "").replace(" ", "")
            if text.isdigit():
                assert not 1 <= int(text) <= 4, f"{name} shows {row[name]} persons"


def test_stopping_samrehab_dashboard_stops_its_streamlit_server(published_snapshot: Path,
                                                                 sample_warehouse: Path) -> None:
    """A service manager stops ``samrehab dashboard`` with SIGTERM: the Streamlit server must go too.

    (It ran Streamlit with ``subprocess.call`` and died alone, leaving the server on its port.)
    """
    psutil = pytest.importorskip("psutil", reason="psutil is needed to find the server process")
    port = _free_port()
    command = [sys.executable, "-m", "samrehab.cli", "dashboard", "--db", str(sample_warehouse), "--port", str(port)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list = []
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", process)
        children = psutil.Process(process.pid).children(recursive=True)
        assert children, "samrehab dashboard runs Streamlit as its child"
        process.terminate()
        process.wait(timeout=20)
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, f"still running after SIGTERM to samrehab dashboard: {[p.pid for p in alive]}"
    finally:
        for leftover in [process, *children]:
            with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
                leftover.kill()
        process.wait()


def test_server_listens_on_localhost_only(server: tuple[str, subprocess.Popen]) -> None:
    psutil = pytest.importorskip("psutil", reason="psutil is needed to list the server's sockets")
    _, process = server
    addresses = set()
    for proc in [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]:
        for connection in proc.net_connections(kind="inet"):
            if connection.status == psutil.CONN_LISTEN:
                addresses.add(connection.laddr.ip)
    assert addresses == {"127.0.0.1"}, f"the server listens on {addresses}"


def test_dashboard_command_binds_localhost_unless_told_otherwise() -> None:
    parser = argparse.ArgumentParser()
    dashboard_command.add_arguments(parser)
    assert parser.parse_args([]).address == "127.0.0.1"
    command = dashboard_command.streamlit_command(Path("x.duckdb"), 8501, parser.parse_args([]).address)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    exposed = dashboard_command.streamlit_command(Path("x.duckdb"), 8501,
                                                  parser.parse_args(["--address", "0.0.0.0"]).address)
    assert exposed[exposed.index("--server.address") + 1] == "0.0.0.0"
    config = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'address = "127.0.0.1"' in config and "gatherUsageStats = false" in config
