"""Every dashboard page, run with ``streamlit.testing.v1.AppTest`` on a published snapshot.

Each page runs with the default filters and with non-default ones (English, other region, month,
a care level, a profession or diagnosis group); the tests assert that no page raises or shows an
error, that every value shown in a table equals its ``marts.metric_values`` row (read here directly
with DuckDB, not through the dashboard's reader), that suppressed cells show ``..`` and no count of
1–4 persons appears in a table or in a download.

The snapshot is the lead's ``published_snapshot`` fixture (the sample delivery, built and
published) when the sample and the build steps exist; otherwise a synthetic snapshot from
``test_dashboard_data`` (the test prints which).
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_dashboard_data import SNAPSHOT_EXTRACT_DATE, build_synthetic_snapshot

from dashboards import exports
from dashboards.app import PAGES
from samrehab.config import PROJECT_ROOT, SAMPLE_DELIVERY
from samrehab.read.formatting import (
    KEY_COLUMNS,
    MISSING,
    STATUS_BADGE_COLOURS,
    STATUSES,
    SUPPRESSED,
    catalogue_info,
    visible_columns,
)
from samrehab.read.labels import t

APP = PROJECT_ROOT / "dashboards" / "app.py"
PAGE_FILES = [f"views/{entry[0]}" for entries in PAGES.values() for entry in entries]
CATALOGUE = pd.read_csv(PROJECT_ROOT / "seeds" / "metric_catalogue.csv", dtype=str, keep_default_na=False)
VALUE_TYPES = dict(zip(CATALOGUE["metric_id"], CATALOGUE["value_type"], strict=True))
# Numerators/denominators that count persons (or events of persons): a shown 1–4 would disclose.
# Ratios (training events per FTE, decision-support uses, staff turnover) count neither patients nor persons.
PERSON_COUNT_TYPES = {"proportion", "rate", "count", "median", "quantile", "mean", "dsr"}


def _sample_available() -> str | None:
    """``None`` when the sample snapshot can be built, else the reason it cannot."""
    if not (SAMPLE_DELIVERY / "manifest.json").exists():
        return f"no sample delivery at {SAMPLE_DELIVERY}"
    for module in ("ingest.pipeline", "samrehab.build", "samrehab.quality", "samrehab.publish"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not available"
    return None


@pytest.fixture(scope="session")
def dashboard_snapshot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published sample snapshot, or (with a printed reason) a synthetic one with metric_values only.

    ``SAMREHAB_TEST_SNAPSHOT=path`` runs the page tests against another published snapshot instead.
    """
    chosen = os.environ.get("SAMREHAB_TEST_SNAPSHOT")
    if chosen:
        print(f"dashboard tests use SAMREHAB_TEST_SNAPSHOT={chosen}")
        return Path(chosen)
    reason = _sample_available()
    if reason is None:
        try:
            return Path(request.getfixturevalue("published_snapshot"))
        except Exception as exc:  # the sample build belongs to other tests; they report its failure
            reason = f"the published_snapshot fixture failed ({type(exc).__name__}: {str(exc)[:200]})"
    print(f"dashboard tests use a synthetic snapshot: {reason}")
    return build_synthetic_snapshot(tmp_path_factory.mktemp("dash") / "synthetic.marts.duckdb")


@pytest.fixture(scope="session")
def full_synthetic_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic snapshot with every mart the dashboard reads (including those of later issues)."""
    return build_synthetic_snapshot(tmp_path_factory.mktemp("dash") / "full.marts.duckdb", full=True)


def _mart(path: Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from marts.metric_values").df()
    finally:
        con.close()


_MART_CACHE: dict[str, pd.DataFrame] = {}


def mart(path: Path) -> pd.DataFrame:
    """``marts.metric_values`` of a snapshot, indexed by its key columns."""
    key = str(path)
    if key not in _MART_CACHE:
        _MART_CACHE[key] = _mart(path).set_index(list(KEY_COLUMNS)).sort_index()
    return _MART_CACHE[key]


def non_default_filters(path: Path, **extra: str) -> dict[str, str]:
    """English, the other region, the second-latest month, primary care, one profession, sex on Equity."""
    frame = _mart(path)
    regions = sorted(frame["region_code"].unique())
    months = sorted(frame.loc[frame["period_type"] == "month", "period"].unique())
    professions = sorted(frame.loc[frame["dimension"] == "profession", "group_code"].unique())
    shares = [m for m in sorted(frame["metric_id"].unique()) if VALUE_TYPES.get(m) == "proportion"]
    filters = {"lang": "en", "region": regions[-1], "ptype": "month", "period": months[-2], "care": "primary",
               "dim": "sex"}
    if professions:
        filters["prof"] = professions[0]
    if shares:
        filters["metric"] = shares[0]
    filters.update(extra)
    return filters


# ---------------------------------------------------------------- reading what a page shows


def parse_number(text: str, lang: str) -> float:
    """The leading number of a shown value (``12 345,6 %`` → 12345.6; English ``12,345.6``)."""
    cleaned = text.replace("\u00a0", " ").replace("−", "-").strip()
    pattern = r"^[+-]?[\d ]*\d(,\d+)?" if lang == "sv" else r"^[+-]?[\d,]*\d(\.\d+)?"
    match = re.match(pattern, cleaned)
    assert match, f"no number in {text!r}"
    number = match.group(0).replace(" ", "")
    number = number.replace(",", ".") if lang == "sv" else number.replace(",", "")
    return float(number)


def decimals_of(text: str, lang: str) -> int:
    cleaned = text.replace("\u00a0", " ").split(" ")[0] if lang == "en" else text
    mark = "," if lang == "sv" else "."
    match = re.search(rf"\{mark}(\d+)", cleaned)
    return len(match.group(1)) if match else 0


def assert_shown(text: str, expected: object, scale: float, lang: str, what: str) -> None:
    """``text`` shows ``expected`` (scaled) rounded to the decimals it shows, or a dash when missing."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        assert text == MISSING, f"{what}: expected {MISSING!r}, shown {text!r}"
        return
    shown = parse_number(text, lang)
    tolerance = 0.5 * 10 ** -decimals_of(text, lang) + 1e-9
    assert abs(shown - float(expected) * scale) <= tolerance, f"{what}: shown {text!r}, mart {expected!r}"


def check_tables(at: AppTest, snapshot: Path, page: str) -> tuple[int, int]:
    """Compare every metric table on the page with the mart; returns (rows checked, suppressed rows)."""
    lang = at.radio(key="lang").value
    labels = {key: t(key, lang) for key in ("col_value", "col_ci", "col_numerator", "col_denominator",
                                            "col_benchmark", "col_comparison")}
    infos = catalogue_info(CATALOGUE, lang)
    values = mart(snapshot)
    checked = hidden = 0
    for element in at.dataframe:
        table = element.value
        if not set(KEY_COLUMNS) <= set(table.columns):
            continue
        for row in table.to_dict("records"):
            key = tuple(row[column] for column in KEY_COLUMNS)
            assert key in values.index, f"{page}: row {key} is not in marts.metric_values"
            truth = values.loc[key]
            info = infos[row["metric_id"]]
            what = f"{page} {key}"
            shown_cells = [row[labels[name]] for name in ("col_value", "col_ci", "col_numerator", "col_denominator")]
            if bool(truth["suppressed"]):
                hidden += 1
                assert shown_cells == [SUPPRESSED] * 4, f"{what}: suppressed cell shown as {shown_cells}"
                assert row[labels["col_comparison"]] == SUPPRESSED
                continue
            assert SUPPRESSED not in shown_cells, f"{what}: a visible cell shown as .."
            assert_shown(row[labels["col_value"]], truth["value"], info.scale, lang, f"{what} value")
            assert_shown(row[labels["col_numerator"]], truth["numerator"], 1, lang, f"{what} numerator")
            assert_shown(row[labels["col_denominator"]], truth["denominator"], 1, lang, f"{what} denominator")
            assert_shown(row[labels["col_benchmark"]], truth["benchmark_value"], info.scale, lang, f"{what} benchmark")
            interval = row[labels["col_ci"]]
            if pd.isna(truth["ci_low"]):
                assert interval == MISSING, f"{what}: interval {interval!r} for a metric without one"
            else:
                low, high = interval.split("–")
                assert_shown(low, truth["ci_low"], info.scale, lang, f"{what} ci_low")
                assert_shown(high, truth["ci_high"], info.scale, lang, f"{what} ci_high")
            assert row[labels["col_comparison"]] == t(truth["comparison"], lang), f"{what}: comparison"
            if VALUE_TYPES[row["metric_id"]] in PERSON_COUNT_TYPES:
                for name in ("col_numerator", "col_denominator"):
                    text = row[labels[name]]
                    if text != MISSING:
                        number = parse_number(text, lang)
                        assert not 1 <= number <= 4, f"{what}: {name} shows {text!r} (1–4 persons)"
            checked += 1
    return checked, hidden


@pytest.fixture()
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """CSV payloads handed to ``st.download_button`` during the test."""
    payloads: list[bytes] = []
    original = exports.to_csv_bytes

    def recording(table: pd.DataFrame, lang: str = "sv") -> bytes:
        data = original(table, lang)
        payloads.append(data)
        return data

    monkeypatch.setattr(exports, "to_csv_bytes", recording)
    return payloads


def check_downloads(at: AppTest, payloads: list[bytes], page: str) -> None:
    """Every CSV offered is exactly the visible part of a table on the page."""
    lang = at.radio(key="lang").value
    separator = "," if lang == "en" else ";"
    shown = []
    for element in at.dataframe:
        table = element.value
        shown.append(table[visible_columns(table)].astype(str).map(exports.escape_cell).reset_index(drop=True))
    assert len(payloads) == len(shown), f"{page}: {len(shown)} tables but {len(payloads)} downloads"
    for data in payloads:
        csv = pd.read_csv(io.BytesIO(data), sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert any(csv.shape == table.shape and (csv.values == table.values).all() for table in shown), (
            f"{page}: a download differs from every shown table"
        )


def run_pages(snapshot: Path, monkeypatch: pytest.MonkeyPatch, query: dict[str, str] | None = None,
              pages: list[str] | None = None) -> Iterator:
    """Yield (page, AppTest) after running each page (default: all) with the given URL parameters."""
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(snapshot))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    for page in pages or PAGE_FILES:
        if page != PAGE_FILES[0]:
            at.switch_page(page).run()
        yield page, at


def assert_page_ok(at: AppTest, page: str) -> None:
    assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
    assert not at.error, f"{page}: error shown {[e.value for e in at.error]}"
    assert len(at.title) == 1, f"{page}: no page title"


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("variant", ["default", "non_default"])
def test_every_page_shows_the_mart_values(
    variant: str, dashboard_snapshot: Path, monkeypatch: pytest.MonkeyPatch, downloads: list[bytes]
) -> None:
    query = non_default_filters(dashboard_snapshot) if variant == "non_default" else {}
    total_checked = seen = 0
    for page, at in run_pages(dashboard_snapshot, monkeypatch, query):
        assert_page_ok(at, page)
        checked, _ = check_tables(at, dashboard_snapshot, page)
        total_checked += checked
        check_downloads(at, downloads[seen:], page)
        seen = len(downloads)
        if variant == "non_default":
            assert at.radio(key="lang").value == "en" and at.selectbox(key="region").value == query["region"]
            assert at.radio(key="ptype").value == "month" and at.selectbox(key="period").value == query["period"]
        if page.endswith("overview.py"):
            check_overview_tiles(at, dashboard_snapshot)
    assert total_checked > 20, "the pages should show metric tables"


def check_overview_tiles(at: AppTest, snapshot: Path) -> None:
    """The headline value of each tile equals the mart's total for the selected filters."""
    lang = at.radio(key="lang").value
    infos = catalogue_info(CATALOGUE, lang)
    by_name = {info.name: metric_id for metric_id, info in infos.items()}
    prefix = t("headline_metric", lang) + ": "
    headlines = [c.value[len(prefix):].rstrip(" ⚠") for c in at.caption if c.value.startswith(prefix)]
    assert len(headlines) == len(at.metric) and headlines, "one metric per tile with a headline"
    values = mart(snapshot)
    for name, metric in zip(headlines, at.metric, strict=True):
        metric_id = by_name[name]
        # the tile's period: the selected one, or the metric's latest complete one (label "2025Q3 · %")
        period = metric.label.split(" · ")[0]
        key = (metric_id, at.radio(key="ptype").value, period,
               at.selectbox(key="region").value, at.selectbox(key="care").value, "total", "total")
        if key not in values.index:
            assert metric.value == MISSING, f"tile {metric_id}: no mart row for {key} but {metric.value!r} shown"
            continue
        truth = values.loc[key]
        if bool(truth["suppressed"]):
            assert metric.value == SUPPRESSED
        else:
            assert_shown(metric.value, truth["value"], infos[metric_id].scale, lang, f"tile {metric_id}")


def test_changing_filters_in_the_sidebar(dashboard_snapshot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(dashboard_snapshot))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/equity.py").run()
    regions = at.selectbox(key="region").options
    other = at.selectbox(key="region").options[-1]
    assert len(regions) >= 1
    at.selectbox(key="region").select_index(len(regions) - 1).run()
    at.radio(key="ptype").set_value("year").run()
    at.selectbox(key="dim").set_value("age_band").run()
    assert_page_ok(at, "equity")
    assert at.query_params["ptype"] == "year" and at.query_params["dim"] == "age_band"
    table = at.dataframe[0].value
    assert set(table["period_type"]) == {"year"} and set(table["dimension"]) == {"age_band"}
    assert set(table["region_code"]) == {at.selectbox(key="region").value}
    assert other  # the label list is not empty
    check_tables(at, dashboard_snapshot, "equity")
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Equity"


def test_no_suppressed_value_or_small_count_is_shown(
    full_synthetic_snapshot: Path, monkeypatch: pytest.MonkeyPatch, downloads: list[bytes]
) -> None:
    # Months and a single care level have the smallest cells, so the most suppression.
    query = non_default_filters(full_synthetic_snapshot, care="municipal", region="19", diag="hip_fracture")
    query.pop("prof", None)
    hidden_total = seen = 0
    for page, at in run_pages(full_synthetic_snapshot, monkeypatch, query):
        assert_page_ok(at, page)
        _, hidden = check_tables(at, full_synthetic_snapshot, page)
        hidden_total += hidden
        check_downloads(at, downloads[seen:], page)
        seen = len(downloads)
    assert hidden_total > 0, "the synthetic snapshot has suppressed cells: some page must show `..`"
    assert any(b"..".decode() in data.decode("utf-8-sig") for data in downloads)


def test_pages_with_every_mart(
    full_synthetic_snapshot: Path, monkeypatch: pytest.MonkeyPatch, downloads: list[bytes]
) -> None:
    query = {"region": "19", "ptype": "year"}
    seen: dict[str, AppTest] = {}
    for page, at in run_pages(full_synthetic_snapshot, monkeypatch, query):
        assert_page_ok(at, page)
        check_tables(at, full_synthetic_snapshot, page)
        texts = " ".join(str(e.value) for e in list(at.info) + list(at.caption) + list(at.markdown))
        assert "Ingen data ännu: tabellen" not in texts, f"{page}: a mart is reported missing"
        seen[page] = at
        header = [e.value for e in at.caption if e.value.startswith("**" + t("app_title", "sv"))]
        assert len(header) == 1 and t("data_as_of", "sv", date=SNAPSHOT_EXTRACT_DATE.isoformat()) in header[0], (
            f"{page}: the header shows marts.snapshot_info.extract_date: {header}")
        if page.endswith("overview.py"):
            badges = [e.value for e in at.markdown if "-badge[" in e.value]
            assert len(badges) == 4, f"effect_goal_status gives a status badge per goal: {badges}"
            by_label = {t(f"status_{code}", "sv"): code for code in STATUSES}
            for badge in badges:
                colour, label = re.fullmatch(r":(\w+)-badge\[(.+?)(?: \(.*\))?\]", badge).groups()
                assert colour == STATUS_BADGE_COLOURS[by_label[label]], f"badge colour of {badge}"
        if page.endswith("equity.py"):
            assert any(t("gap_range_ratio", "sv") in e.value.columns for e in at.dataframe), "inequality table"
            assert len(at.get("plotly_chart")) >= 3
        if page.endswith("waits.py"):
            assert any("⚠" in e.value for e in at.subheader), "metrics on flagged visits carry ⚠"
            assert any("⚠" in name for e in at.dataframe for name in e.value.iloc[:, 0]), "and in the table"
            assert at.warning, "the quality warning is explained"
            flag_texts = [e.value for e in at.warning if e.value.startswith("Datakvalitet:")]
            assert flag_texts and all("(besök)" in text for text in flag_texts), (
                f"the flagged entity is named in Swedish, after the warning's own icon: {flag_texts[:1]}")
            charts = [e.key for e in at.get("plotly_chart")]
            assert any(key.endswith("_spc") for key in charts), f"SPC charts next to the trends: {charts}"
        if page.endswith("consumption.py"):
            assert any(t("difference", "sv") in e.value.columns for e in at.dataframe)
        if page.endswith("data_quality.py"):
            assert at.dataframe and len(at.dataframe[0].value) == 1  # the one failed check of region 19
            affected = [e.value for e in at.warning if e.value.startswith(t("quality_affected", "sv", metrics=""))]
            assert affected and "(besök)" in affected[0] and "⚠" not in affected[0], affected[:1]


def _decoded(value: object) -> object:
    """plotly's JSON with its typed arrays (``{"dtype", "bdata"}``, base64) turned into lists."""
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


def _figure(at: AppTest, key: str) -> dict:
    """The plotly figure (JSON, arrays as lists) of the chart with ``key`` on the page."""
    charts = [e for e in at.get("plotly_chart") if e.key == key]
    assert len(charts) == 1, f"no chart {key}: {[e.key for e in at.get('plotly_chart')]}"
    return _decoded(json.loads(charts[0].proto.spec))


@pytest.mark.parametrize(("ptype", "caption"), [("quarter", "funnel_caption_limits"),
                                                 ("year", "funnel_caption_limits_none")])
def test_funnel_draws_the_limits_of_the_mart(
    ptype: str, caption: str, full_synthetic_snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    metric_id = "E1.seen_within_90d_share"  # the synthetic funnel_limits cover shares by quarter only
    query = {"region": "19", "ptype": ptype, "metric": metric_id, "dim": "municipality"}
    ((page, at),) = list(run_pages(full_synthetic_snapshot, monkeypatch, query, pages=["views/equity.py"]))
    assert_page_ok(at, page)
    captions = [e.value for e in at.caption]
    assert t(caption, "sv") in captions, f"funnel caption {caption} missing"
    period = at.selectbox(key="period").value
    con = duckdb.connect(str(full_synthetic_snapshot), read_only=True)
    try:
        limits = con.execute("select * from marts.funnel_limits where metric_id = ? and period_type = ? and "
                             "period = ? and region_code = '19' and care_level = 'all' order by denominator",
                             [metric_id, ptype, period]).df()
    finally:
        con.close()
    lines = [trace for trace in _figure(at, "jamlikhet_tratt")["data"]
             if trace.get("mode") == "lines" and trace.get("x") and trace["x"][0] is not None]
    if caption == "funnel_caption_limits_none":
        assert limits.empty and not lines
        return
    assert len(limits) > 0 and len(lines) == 4, "95 % and 99.8 % limits, lower and upper"
    drawn = {(trace["line"]["dash"], round(trace["y"][0], 6)) for trace in lines}
    expected = {(dash, round(limits[f"{side}_{level}"].iloc[0] * 100, 6))
                for level, dash in (("998", "dot"), ("95", "dash")) for side in ("lower", "upper")}
    assert drawn == expected, "the limits are the mart's, in per cent like the values"


def test_funnel_limits_of_the_snapshot_are_in_the_values_scale(dashboard_snapshot: Path) -> None:
    """On the published sample: at a municipality's own denominator the 95 % funnel is about as wide as
    its own 95 % interval (a share–per-cent or per-multiplier mix-up would be a factor 100 or 1000)."""
    import duckdb

    con = duckdb.connect(str(dashboard_snapshot), read_only=True)
    try:
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables "
                                                "where table_schema = 'marts'").fetchall()}
        if "funnel_limits" not in tables:
            print(f"funnel scale test skipped: {dashboard_snapshot} has no marts.funnel_limits (synthetic snapshot)")
            pytest.skip("the snapshot has no marts.funnel_limits")
        ratios = con.execute("""
            with points as (
                select v.metric_id, v.period_type, v.period, v.region_code, v.care_level, v.denominator,
                       v.ci_high - v.ci_low as ci_width, v.benchmark_value
                from marts.metric_values v
                where v.dimension = 'municipality' and not v.suppressed and v.ci_low is not null
                  and v.period_type = 'year'
            ), nearest as (
                select p.metric_id, p.ci_width, p.benchmark_value, f.benchmark_value as funnel_centre,
                       f.upper_95 - f.lower_95 as funnel_width,
                       row_number() over (partition by p.metric_id, p.period, p.region_code, p.care_level,
                                          p.denominator order by abs(ln(f.denominator / p.denominator))) as rank
                from points p
                join marts.funnel_limits f using (metric_id, period_type, period, region_code, care_level)
            )
            select metric_id, median(funnel_width / ci_width) as ratio, max(abs(funnel_centre - benchmark_value)) as off
            from nearest where rank = 1 and ci_width > 0 group by metric_id order by metric_id
        """).df()
    finally:
        con.close()
    assert len(ratios) >= 3, f"funnel limits for several metrics: {ratios}"
    for row in ratios.to_dict("records"):
        assert 0.5 < row["ratio"] < 2, f"{row['metric_id']}: funnel width / interval width = {row['ratio']:.3g}"
        assert row["off"] < 1e-9, f"{row['metric_id']}: the funnel is not centred on the benchmark"


def test_sign_in_is_required_when_auth_is_configured(
    full_synthetic_snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    # The provider's address is a placeholder: this test is about the sign-in gate, not reachability
    # (an unreachable provider is tested in tests/test_security.py and tests/test_signin_e2e.py).
    monkeypatch.setattr(samrehab.auth, "provider_unreachable", lambda urls, timeout=None: None)
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(full_synthetic_snapshot))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
        "microsoft": {"client_id": "placeholder-id", "client_secret": "placeholder-secret",
                      "server_metadata_url": "https://login.example/.well-known/openid-configuration"},
    }
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert [button.label for button in at.button] == ["Logga in med Microsoft"]
    assert not at.dataframe and not at.get("plotly_chart") and not at.metric, "no data before sign-in"
    assert not [e for e in at.caption if t("app_title", "sv") in e.value], "not even the header"
    # A signed-in user's ID token carries its expiry; one without ``exp`` counts as expired.
    at.user = {"is_logged_in": True, "name": "Anna Andersson", "exp": int(time.time()) + 3600}
    at.run()
    assert_page_ok(at, "overview after sign-in")
    assert at.metric, "the overview tiles after sign-in"


def test_absent_marts_say_no_data_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_synthetic_snapshot(tmp_path / "only_values.marts.duckdb")
    pages = [p for p in PAGE_FILES if p.rsplit("/", 1)[-1] in ("overview.py", "equity.py", "consumption.py",
                                                                "data_quality.py")]
    for page, at in run_pages(path, monkeypatch, pages=pages):
        assert_page_ok(at, page)
        texts = " ".join(str(e.value) for e in list(at.info) + list(at.caption))
        if page.rsplit("/", 1)[-1] in ("equity.py", "consumption.py", "data_quality.py"):
            assert "Ingen data ännu" in texts, f"{page}: a missing mart must say so"
        if page.endswith("overview.py"):
            assert t("status_missing", "sv") in texts


def test_missing_snapshot_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMREHAB_SNAPSHOT", str(tmp_path / "nothing.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.error and "samrehab build" in at.error[0].value
