"""The quarterly report (``samrehab report``): rendered for the sample (region 19, 2025Q3) and checked as a
reader sees it.

* The PDF, converted to text with ``pdftotext -layout``, shows the headline numbers of
  ``marts.metric_values`` (read here directly with DuckDB, formatted as the report formats them), every page
  has content, suppressed cells print ``..`` and no count of 1–4 persons appears where counts are shown.
* The HTML has no external URL (script, stylesheet, image, font) besides the inline plotly.js bundle, and it
  renders in Chromium with every network request refused.
* The plain-language SPC sentences follow the mart's signal columns (hand-made series).

The snapshot is the session's ``published_snapshot`` (the sample delivery ingested, built, checked and
published). For development, ``SAMREHAB_REPORT_TEST_SNAPSHOT=/path/to/x.marts.duckdb`` renders against an
already published snapshot instead (the tests print which one they use). Browser tests skip, saying why,
when ``/usr/bin/chromium``, Playwright or poppler's ``pdftotext`` is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from samrehab.config import PROJECT_ROOT, published_path
from samrehab.read.formatting import (
    SUPPRESSED,
    catalogue_info,
    format_change,
    format_count,
    format_interval,
    format_value,
)
from samrehab.read.goals import headline_metrics
from samrehab.read.labels import t
from samrehab.report import pdf as report_pdf
from samrehab.report.model import Quarter
from samrehab.report.trends import explain_signals
from samrehab.report.writer import ReportFiles, write_report
from samrehab.stats.anhoj import runs

REGION = "19"
QUARTER = Quarter(2025, 3)
CATALOGUE = pd.read_csv(PROJECT_ROOT / "seeds" / "metric_catalogue.csv", dtype=str, keep_default_na=False)
INFOS_SV = catalogue_info(CATALOGUE, "sv")
INFOS_EN = catalogue_info(CATALOGUE, "en")
CREATED = date(2025, 11, 1)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def snapshot(request: pytest.FixtureRequest) -> Path:
    """The published sample snapshot (or, for development, ``SAMREHAB_REPORT_TEST_SNAPSHOT``)."""
    override = os.environ.get("SAMREHAB_REPORT_TEST_SNAPSHOT")
    if override:
        print(f"report tests use the snapshot {override} (SAMREHAB_REPORT_TEST_SNAPSHOT)")
        return Path(override)
    return Path(request.getfixturevalue("published_snapshot"))


def _browser_problem() -> str | None:
    problem = report_pdf.chromium_problem()
    if problem:
        return problem
    if shutil.which("pdftotext") is None:
        return "pdftotext (poppler-utils) is missing: `make browser` installs it"
    return None


def _skip_without_browser() -> None:
    problem = _browser_problem()
    if problem:
        print(f"skipped: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def swedish(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    """The Swedish report, HTML and (when Chromium is here) PDF."""
    files = write_report(snapshot, REGION, QUARTER, tmp_path_factory.mktemp("report_sv"), "sv",
                         pdf=_browser_problem() is None, created=CREATED)
    print(f"report: {files.charts} charts, timings {', '.join(f'{k} {v:.1f} s' for k, v in files.timings.items())}")
    return files


@pytest.fixture(scope="module")
def english(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    """The English report, HTML only."""
    return write_report(snapshot, REGION, QUARTER, tmp_path_factory.mktemp("report_en"), "en", pdf=False,
                        created=CREATED)


def _normalise(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text)


def _pdf_pages(path: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                       text=True, check=True).stdout
        for n in range(1, pages + 1)
    ]


@pytest.fixture(scope="module")
def pdf_text(swedish: ReportFiles) -> list[str]:
    """The Swedish PDF's text, one string per page, whitespace runs collapsed."""
    _skip_without_browser()
    assert swedish.pdf is not None and swedish.pdf.exists(), swedish.pdf_problem
    return [_normalise(page) for page in _pdf_pages(swedish.pdf)]


def _mart(snapshot: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def headline_rows(snapshot: Path) -> pd.DataFrame:
    """The headline metrics' total rows for the quarter and the previous one, straight from the mart."""
    return _mart(
        snapshot,
        "select v.*, s.effect_goal as goal from marts.metric_values v "
        "join marts.effect_goal_status s on s.metric_id = v.metric_id and s.region_code = v.region_code "
        "where v.region_code = ? and v.period_type = 'quarter' and v.care_level = 'all' and v.dimension = 'total' "
        "and v.period in (?, ?) order by s.effect_goal, v.period desc",
        [REGION, QUARTER.label, QUARTER.previous.label],
    )


class _Tables(HTMLParser):
    """Cells of the HTML tables with their ``data-kind``."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self._kind: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._kind = dict(attrs).get("data-kind") or "text"
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._kind is not None:
            self.cells.append((self._kind, "".join(self._text).strip()))
            self._kind = None

    def handle_data(self, data: str) -> None:
        if self._kind is not None:
            self._text.append(data)


def _table_cells(html: str) -> list[tuple[str, str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.cells


# ---------------------------------------------------------------- the PDF


def test_headline_numbers_equal_metric_values(pdf_text: list[str], headline_rows: pd.DataFrame) -> None:
    """Each headline metric's row (value, interval, numerator, denominator) as the table line of the PDF."""
    assert set(headline_rows["goal"]) == {"E1", "E2", "E3", "E4", "E5", "E6"}
    text = "\n".join(pdf_text)
    for row in headline_rows.to_dict("records"):
        info = INFOS_SV[row["metric_id"]]
        hidden = bool(row["suppressed"])
        cells = [
            row["goal"], info.name, row["period"],
            format_value(row["value"], info, "sv", suppressed=hidden),
            format_interval(row["ci_low"], row["ci_high"], info, "sv", suppressed=hidden),
            format_count(row["numerator"], "sv", suppressed=hidden),
            format_count(row["denominator"], "sv", suppressed=hidden),
        ]
        line = _normalise(" ".join(cells))
        assert line in text, f"headline line missing from the PDF: {line!r}"
        if not hidden and row["period"] == QUARTER.label:
            tile = _normalise(f"{format_value(row['value'], info, 'sv', unit=False)} {info.axis_unit} {QUARTER.label}")
            assert tile in text, f"tile value missing: {tile!r}"


def _html_text(path: Path) -> str:
    """The visible text of the report's HTML (tags and scripts removed, whitespace collapsed)."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return _normalise(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_goal_status_and_before_after_come_from_the_marts(swedish: ReportFiles, snapshot: Path) -> None:
    """Tiles and the before/after table (checked in the HTML the PDF is printed from: tiles wrap in columns)."""
    text = _html_text(swedish.html)
    status = _mart(snapshot, "select * from marts.effect_goal_status where region_code = ?", [REGION])
    for row in status.to_dict("records"):
        info = INFOS_SV[row["metric_id"]]
        assert _normalise(f"Utgångsläge ({row['baseline_period']}): "
                          f"{format_value(row['baseline_value'], info, 'sv')}") in text
    # A goal with several headline metrics (E4 in the plan): its tile names the others with their status.
    several = status.groupby("effect_goal")["metric_id"].agg(list)
    several = several[several.map(len) > 1]
    assert not several.empty, "the plan has a goal with several headline metrics (E4); the test needs one"
    tiles = text[text.index(t("section_goals", "sv")):text.index(t("goals_table_title", "sv"))]
    for goal, metric_ids in several.items():
        named = [m for m in metric_ids if f"Även huvudmått: {INFOS_SV[m].name}," in tiles]
        assert len(named) == len(metric_ids) - 1, (goal, metric_ids, named)
    before_after = _mart(snapshot, "select * from marts.before_after where region_code = ? and effect_goal = 'E6' "
                                   "and care_level = 'all'", [REGION])
    assert not before_after.empty
    for row in before_after.to_dict("records"):
        info = INFOS_SV[row["metric_id"]]
        assert _normalise(format_change(row["difference"], info, "sv")) in text, row["metric_id"]


def test_spc_sentences_follow_the_signal_columns(pdf_text: list[str], snapshot: Path,
                                                 headline_rows: pd.DataFrame) -> None:
    text = "\n".join(pdf_text)
    proportions = [m for m in dict.fromkeys(headline_rows["metric_id"]) if INFOS_SV[m].is_share]
    spc = _mart(snapshot, "select * from marts.metric_spc where region_code = ? and care_level = 'all'", [REGION])
    quiet = 0
    for metric_id in proportions:
        series = spc[spc["metric_id"] == metric_id].sort_values("period_start")
        assert not series.empty, metric_id
        last = series.iloc[-1]
        if last["longest_run_signal"]:
            assert f"{int(last['longest_run'])} månader i rad" in text, metric_id
        if last["crossings_signal"]:
            assert f"korsar medianen bara {int(last['crossings'])} gånger" in text, metric_id
        outside = int(series["outside_limits"].sum())
        if outside:
            assert f"{outside} {'månad' if outside == 1 else 'månader'} utanför styrgränserna" in text, metric_id
        if not (last["runs_signal"] or outside):
            quiet += 1
    assert text.count("Inga signaler:") == quiet


def test_every_page_has_content(pdf_text: list[str]) -> None:
    assert len(pdf_text) >= 7, "front page plus six sections, each starting a page"
    for number, page in enumerate(pdf_text, start=1):
        body = "\n".join(line for line in page.splitlines() if "SamRehab · " not in line)
        assert len(re.sub(r"\s", "", body)) >= 40, f"page {number} is (nearly) empty: {body!r}"
        assert f"sida {number} av {len(pdf_text)}" in page, f"page {number} lacks its footer"
    front = pdf_text[0]
    for expected in ("Region Västmanland (19)", QUARTER.label, "Uttagsdatum", "Datakvalitet"):
        assert expected in front


def test_front_page_extract_date_is_the_snapshots(pdf_text: list[str], snapshot: Path) -> None:
    """The extract date on the front page is marts.snapshot_info.extract_date (the data cut-off)."""
    extract = _mart(snapshot, "select extract_date from marts.snapshot_info")["extract_date"]
    assert len(extract) == 1 and pd.notna(extract.iloc[0]), "snapshot_info has one extract date"
    expected = f"{t('front_extract', 'sv')} {pd.Timestamp(extract.iloc[0]).date().isoformat()}"
    assert expected in pdf_text[0], f"{expected!r} not on the front page"


def test_no_suppressed_value_appears(pdf_text: list[str], swedish: ReportFiles, snapshot: Path,
                                     headline_rows: pd.DataFrame) -> None:
    text = "\n".join(pdf_text)
    # Suppressed headline rows: every number of the row is the marker.
    hidden = headline_rows[headline_rows["suppressed"]]
    assert not hidden.empty, "the sample has suppressed headline cells (E4 staff turnover); the test needs one"
    for row in hidden.to_dict("records"):
        info = INFOS_SV[row["metric_id"]]
        assert _normalise(f"{row['goal']} {info.name} {row['period']} .. .. .. ..") in text
    assert _normalise(t("suppressed_footnote", "sv")) in _normalise(text.replace("\n", " "))
    # Charts of groups: a suppressed group shows `..` next to its label, a shown group never does.
    values = _mart(snapshot, "select * from marts.metric_values where region_code = ? and period = ? and "
                             "care_level = 'all' and dimension in ('municipality', 'diagnosis_group', 'age_band', "
                             "'sex')", [REGION, QUARTER.label])
    dimension_labels = {"municipality": "kommun", "diagnosis_group": "diagnosgrupp", "age_band": "åldersgrupp",
                        "sex": "kön"}
    lines = [line.strip() for line in text.splitlines()]
    charted = 0
    for (metric_id, dimension), groups in values.groupby(["metric_id", "dimension"]):
        title = f"{INFOS_SV[metric_id].name} per {dimension_labels[dimension]}, {QUARTER.label}"
        if title not in lines:
            continue
        charted += 1
        start = lines.index(title)
        chart = lines[start + 1: start + 1 + 4 * len(groups)]
        for group in groups.to_dict("records"):
            shown = [line for line in chart if line == group["group_label"] or line == f"{group['group_label']} .."]
            assert shown, f"{group['group_label']} missing from the chart {title!r}"
            assert shown[0].endswith(" ..") == bool(group["suppressed"]), (title, group["group_label"])
    assert charted >= 1, "no chart of groups found in the PDF"
    # Counts of persons: never 1–4 in any count column of the tables the PDF is printed from. A denominator
    # may be a sum of full-time equivalents (E4 per FTE) and carry one decimal; it is held to the same rule.
    cells = _table_cells(swedish.html.read_text(encoding="utf-8"))
    counts = [cell for kind, cell in cells if kind == "count"]
    assert counts, "the report shows counts (numerators, denominators)"
    assert SUPPRESSED in counts
    for cell in counts:
        assert cell in (SUPPRESSED, "–") or re.fullmatch(r"\d[\d\u00a0]*(?:,\d)?", cell), cell
        number = None if cell in (SUPPRESSED, "–") else float(cell.replace("\u00a0", "").replace(",", "."))
        assert number is None or not 1 <= number < 5, cell


# ---------------------------------------------------------------- the HTML


URL_PATTERNS = (
    re.compile(r"""(?:src|href|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"@import", re.IGNORECASE),
    re.compile(r"<link\b", re.IGNORECASE),
    re.compile(r"<script[^>]*\bsrc\s*=", re.IGNORECASE),
)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_html_has_no_external_url(language: str, swedish: ReportFiles, english: ReportFiles) -> None:
    from plotly.offline import get_plotlyjs

    html = (swedish if language == "sv" else english).html.read_text(encoding="utf-8")
    bundle = get_plotlyjs()
    assert html.count(bundle) == 1, "plotly.js is embedded inline exactly once"
    rest = html.replace(bundle, "")
    for pattern in URL_PATTERNS:
        found = [rest[max(m.start() - 60, 0): m.end() + 60] for m in pattern.finditer(rest)]
        assert not found, f"{pattern.pattern}: {found[:3]}"
    assert "https://" not in rest and "http://" not in rest, "no URL outside plotly.js at all"


@pytest.mark.browser
def test_html_renders_offline_in_chromium(swedish: ReportFiles) -> None:
    problem = report_pdf.chromium_problem()
    if problem:
        print(f"skipped: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    requested: list[str] = []

    def refuse(route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            requested.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(report_pdf.CHROMIUM),
                                             args=list(report_pdf.CHROMIUM_ARGS))
        try:
            context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.route("**/*", refuse)
            page.goto(swedish.html.resolve().as_uri(), wait_until="load")
            page.wait_for_function(report_pdf.CHARTS_DRAWN, arg=swedish.charts, timeout=30_000)
            drawn = page.evaluate("() => document.querySelectorAll('div.plotly-graph-div svg.main-svg').length")
            modebars = page.evaluate("() => document.querySelectorAll('div.plotly-graph-div .modebar').length")
            has_plotly = page.evaluate("() => typeof window.Plotly === 'object'")
        finally:
            browser.close()
    assert requested == [], f"the report asked for network resources: {requested[:5]}"
    assert has_plotly
    assert drawn >= swedish.charts >= 10
    assert modebars >= 1, "charts are interactive (plotly mode bar)"


def test_english_report(english: ReportFiles, headline_rows: pd.DataFrame) -> None:
    html = english.html.read_text(encoding="utf-8")
    for key in ("section_goals", "section_equity", "section_trends", "section_before_after", "section_quality",
                "section_appendix"):
        assert t(key, "en") in html
    assert "Jämlikhet" not in html and "Effektmål E1–E6" not in html
    assert 'lang="en"' in html
    shown = headline_rows[~headline_rows["suppressed"] & (headline_rows["period"] == QUARTER.label)]
    for row in shown.to_dict("records"):
        info = INFOS_EN[row["metric_id"]]
        assert format_value(row["value"], info, "en") in html


# ---------------------------------------------------------------- the command


def _warehouse_for(snapshot_file: Path) -> Path | None:
    """The warehouse path whose ``published_path`` is ``snapshot_file`` (the command takes ``--db``)."""
    candidate = snapshot_file.parent.parent / (snapshot_file.name.removesuffix(".marts.duckdb") + ".duckdb")
    return candidate if published_path(candidate) == snapshot_file else None


def test_command_without_chromium_writes_html_and_fails(snapshot: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from samrehab.cli import main

    db = _warehouse_for(snapshot)
    assert db is not None, f"{snapshot} is not named like a published snapshot"
    monkeypatch.setattr(report_pdf, "CHROMIUM", tmp_path / "no-chromium")
    code = main(["report", "--quarter", QUARTER.label, "--region", REGION, "--out", str(tmp_path / "out"),
                 "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 3
    assert "make browser" in out and "Chromium" in out
    assert list((tmp_path / "out").glob("*.html")) and not list((tmp_path / "out").glob("*.pdf"))


def test_command_rejects_unknown_quarter_and_region(snapshot: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from samrehab.cli import main

    db = _warehouse_for(snapshot)
    assert db is not None
    assert main(["report", "--quarter", "2025Q5", "--region", REGION, "--out", str(tmp_path), "--db", str(db)]) == 2
    assert main(["report", "--quarter", "2019Q1", "--region", REGION, "--out", str(tmp_path), "--db", str(db),
                 "--no-pdf"]) == 1
    assert main(["report", "--quarter", QUARTER.label, "--region", "99", "--out", str(tmp_path), "--db", str(db),
                 "--no-pdf"]) == 1
    assert main(["report", "--quarter", QUARTER.label, "--region", REGION, "--out", str(tmp_path), "--db",
                 str(tmp_path / "missing.duckdb")]) == 1
    out = capsys.readouterr().out
    assert "2025Q3" in out, "the message lists the quarters that exist"
    assert "samrehab build" in out
    assert not list(tmp_path.glob("*.html"))


# ---------------------------------------------------------------- signals in words (no snapshot)


def _series(values: list[float], median: float, **signals: object) -> pd.DataFrame:
    n = len(values)
    frame = pd.DataFrame({
        "period_start": pd.date_range("2023-01-01", periods=n, freq="MS"),
        "value": values,
        "run_chart_median": median,
        "outside_limits": [False] * n,
        "series_points": n,
        "months_suppressed": 0,
        "longest_run": 0, "longest_run_max": 8, "longest_run_signal": False,
        "crossings": 10, "crossings_min": 8, "crossings_signal": False,
    })
    for column, value in signals.items():
        frame[column] = value
    return frame


def test_runs_skip_points_on_the_median() -> None:
    found = runs([1, 3, 2, 3, 3, 1], median=2)
    assert [(r.side, r.first, r.last, r.length) for r in found] == [(-1, 0, 0, 1), (1, 1, 4, 3), (-1, 5, 5, 1)]


def test_long_run_above_the_median_at_the_end_is_an_improvement() -> None:
    values = [0.4, 0.6, 0.4, 0.6, 0.4] + [0.7] * 9
    series = _series(values, 0.5, longest_run=9, longest_run_signal=True)
    sentences = explain_signals(series, INFOS_SV["E5.episodes_with_plan_share"], "sv")
    assert sentences[0].startswith("9 månader i rad över medianen (jun 2023–feb 2024): en verklig förändring")
    assert "nivån har stigit, en verklig förbättring" in sentences[0]
    english = explain_signals(series, INFOS_EN["E6.readmission_30d_share"], "en")  # lower is better
    assert english[0].startswith("9 months in a row above the median")
    assert "a real deterioration" in english[0]


def test_long_run_below_the_median_at_the_start_means_the_level_rose() -> None:
    values = [0.3] * 9 + [0.6, 0.4, 0.6, 0.4, 0.6]
    series = _series(values, 0.5, longest_run=9, longest_run_signal=True)
    sentence = explain_signals(series, INFOS_SV["E6.readmission_30d_share"], "sv")[0]
    assert "9 månader i rad under medianen (jan 2023–sep 2023)" in sentence
    assert "nivån har stigit, en verklig försämring" in sentence


def test_other_signals_and_no_signal() -> None:
    series = _series([0.5, 0.6, 0.4, 0.9], 0.55, crossings=1, crossings_min=3, crossings_signal=True,
                     months_suppressed=2)
    series.loc[3, "outside_limits"] = True
    sentences = explain_signals(series, INFOS_SV["E1.seen_within_90d_share"], "sv")
    assert sentences == [
        "Serien korsar medianen bara 1 gånger (minst 3 väntas om variationen vore slumpmässig): nivån har skiftat "
        "under perioden.",
        "1 månad utanför styrgränserna (apr 2023): särskilda orsaker bör utredas.",
        "2 månader saknas i serien av sekretesskäl (..).",
    ]
    quiet = explain_signals(_series([0.5, 0.6, 0.4, 0.6], 0.55, longest_run=2), INFOS_SV["E1.seen_within_90d_share"],
                            "sv")
    assert quiet[0].startswith("Inga signaler: variationen ryms inom vad slumpen förklarar (4 månader, längsta serie 2")


def test_tile_metric_is_the_plans_first_with_a_value_in_the_quarter() -> None:
    """As on the dashboard's overview: a goal's tile shows its first plan metric with a published value in the
    quarter (else the plan's first); every plan metric stays a headline metric; without a plan row, the goal's
    first catalogue metric with data."""
    status = pd.DataFrame({"effect_goal": ["E4", "E4", "E6"],
                           "metric_id": ["E4.staff_turnover_rate", "E4.training_events_per_fte",
                                         "E6.readmission_30d_share"]})

    def totals(suppressed_turnover: bool, suppressed_training: bool) -> pd.DataFrame:
        return pd.DataFrame({
            "metric_id": ["E4.staff_turnover_rate", "E4.training_events_per_fte", "E6.readmission_30d_share",
                          "E1.seen_within_90d_share"],
            "period": [QUARTER.label] * 4,
            "suppressed": [suppressed_turnover, suppressed_training, False, False],
        })

    chosen = headline_metrics(status, INFOS_SV, totals(True, False), QUARTER.label)
    assert chosen["E4"] == ["E4.training_events_per_fte", "E4.staff_turnover_rate"]
    assert chosen["E6"] == ["E6.readmission_30d_share"]
    assert chosen["E1"] == ["E1.seen_within_90d_share"]  # no plan row: the catalogue's first metric with data
    assert chosen["E2"] == []
    assert headline_metrics(status, INFOS_SV, totals(False, False), QUARTER.label)["E4"][0] == "E4.staff_turnover_rate"
    assert headline_metrics(status, INFOS_SV, totals(True, True), QUARTER.label)["E4"][0] == "E4.staff_turnover_rate"


def test_quarter_parsing() -> None:
    quarter = Quarter.parse("2025q1")
    assert (quarter.label, quarter.previous.label, quarter.months) == ("2025Q1", "2024Q4",
                                                                      ("2025-01", "2025-02", "2025-03"))
    with pytest.raises(ValueError):
        Quarter.parse("2025-Q3")
