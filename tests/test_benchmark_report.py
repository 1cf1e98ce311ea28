"""The generated part of ``BENCHMARKS.md``: the per-query dashboard table lists every query once per
page, with its p50 / p95 at each scale, and rewriting keeps the hand-written text around the markers."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks import report

SPC_SQL = 'select * from marts."metric_spc" where "care_level" = ? and "region_code" = ? order by "metric_id"'
VALUES_SQL = ('select * from marts."metric_values" where "care_level" = ? and "dimension" in (?, ?) '
              'and "period_start" <= ? order by "metric_id", "period_start"')


def _scale(name: str, queries: list[tuple[str, str, float, float]]) -> dict:
    per_query = [{"page": page, "sql": sql, "p50_ms": p50, "p95_ms": p95, "max_ms": p95}
                 for page, sql, p50, p95 in queries]
    return {"scale": name, "stages": {"dashboard": {"per_query": per_query}}, "targets": {}}


def test_query_label_names_page_table_and_filtered_columns() -> None:
    assert report._query_label("waits.py", SPC_SQL) == "waits · metric_spc by care_level, region_code"
    assert (report._query_label("care_levels.py", VALUES_SQL)
            == "care_levels · metric_values by care_level, dimension, period_start")
    latest = 'select max("extract_date") from marts."snapshot_info"'
    assert report._query_label("overview.py", latest) == "overview · snapshot_info"


def test_query_rows_align_scales_and_mark_a_query_one_scale_lacks() -> None:
    scales = [
        _scale("100k", [("waits.py", SPC_SQL, 16.4, 17.2), ("care_levels.py", VALUES_SQL, 29.0, 31.4)]),
        _scale("1m", [("care_levels.py", VALUES_SQL, 28.2, 30.0)]),
    ]
    rows = dict(report._query_rows(scales))
    assert rows == {
        "waits · metric_spc by care_level, region_code": ["16 / 17", "–"],
        "care_levels · metric_values by care_level, dimension, period_start": ["29 / 31", "28 / 30"],
    }


def test_write_markdown_replaces_only_the_generated_section(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\nby hand above\n\n{report.BEGIN}\nold\n{report.END}\n\nby hand below\n",
                    encoding="utf-8")
    report.write_markdown({"scales": {"1m": _scale("1m", [("waits.py", SPC_SQL, 16.0, 17.0)])}}, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nby hand above\n\n") and text.endswith("\n\nby hand below\n")
    assert "\nold\n" not in text
    assert "| waits · metric_spc by care_level, region_code | 16 / 17 |" in text
