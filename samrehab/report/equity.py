"""Section "Equity": the largest significant gaps of the quarter per dimension (``marts.equity_gaps``), each
with a chart of the groups and their intervals (``marts.metric_values``), and the municipalities worse than
the region on two or more metrics."""

from __future__ import annotations

import math

import pandas as pd

from samrehab.read import charts, maps
from samrehab.read.formatting import (
    MetricInfo,
    change_with_interval,
    format_change,
    format_number,
    format_value,
    group_label,
)
from samrehab.read.inequality import heat_table
from samrehab.read.labels import t
from samrehab.report.model import Block, Cell, Figure, Quarter, Section, Table

DIMENSIONS = ("municipality", "diagnosis_group", "age_band", "sex")
TOP_GAPS = 3


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def sii_significant(row: dict) -> bool:
    """An age-band slope (SII) whose 95 % interval excludes zero."""
    if row.get("dimension") != "age_band" or row.get("sii_status") != "computed":
        return False
    low, high = _number(row.get("sii_ci_low")), _number(row.get("sii_ci_high"))
    return low is not None and high is not None and (low > 0 or high < 0)


def significant_gaps(gaps: pd.DataFrame, dimension: str, infos: dict[str, MetricInfo]) -> pd.DataFrame:
    """Rows of ``equity_gaps`` for ``dimension`` with a significant gap, largest index of disparity first.

    Significant: at least one shown group better or worse than the region (its interval excludes the
    region's value), or for age bands an SII whose interval excludes zero. Metrics outside the
    catalogue are left out.
    """
    rows = gaps[(gaps["dimension"] == dimension) & gaps["metric_id"].isin(list(infos))]
    if rows.empty:
        return rows
    differing = (rows["groups_better"].fillna(0) + rows["groups_worse"].fillna(0)) > 0
    slope = pd.Series([sii_significant(row) for row in rows.to_dict("records")], index=rows.index, dtype=bool)
    chosen = rows[differing | slope]
    return chosen.sort_values(["index_of_disparity", "metric_id"], ascending=[False, True], na_position="last")


def _difference(value: object, info: MetricInfo, lang: str) -> str:
    return format_change(value, info, lang).removeprefix("+")


def _dimension_label(dimensions: pd.DataFrame, dimension: str, lang: str) -> str:
    rows = dimensions[dimensions["dimension"] == dimension]
    if rows.empty:
        return dimension
    return str(rows.iloc[0]["label_en" if lang == "en" else "label_sv"]).lower()


def gap_table(rows: pd.DataFrame, infos: dict[str, MetricInfo], dimension: str, lang: str) -> Table:
    """The chosen gaps as a table: highest and lowest group, region, difference, disparity, groups better/worse."""
    columns = [t("col_metric", lang), t("equity_highest", lang), t("equity_lowest", lang),
               t("equity_region", lang), t("equity_difference", lang), t("equity_disparity", lang),
               t("equity_better_worse", lang)]
    kinds = ["text", "value", "value", "value", "value", "value", "text"]
    if dimension == "age_band":
        columns.append(t("equity_sii", lang))
        kinds.append("value")
    body = []
    for row in rows.to_dict("records"):
        info = infos[row["metric_id"]]
        disparity = _number(row.get("index_of_disparity"))
        cells = [
            Cell(info.name),
            Cell(f"{_label(row, 'highest', lang)}: {format_value(row.get('highest_value'), info, lang)}", "num"),
            Cell(f"{_label(row, 'lowest', lang)}: {format_value(row.get('lowest_value'), info, lang)}", "num"),
            Cell(format_value(row.get("benchmark_value"), info, lang), "num"),
            Cell(_difference(row.get("range_difference"), info, lang), "num"),
            Cell(f"{format_number(disparity, 1, lang)}\u00a0%" if disparity is not None else "–", "num"),
            Cell(f"{int(row.get('groups_better') or 0)} / {int(row.get('groups_worse') or 0)}", "num"),
        ]
        if dimension == "age_band":
            sii = "–"
            if row.get("sii_status") in ("computed", "point_only") and _number(row.get("sii")) is not None:
                sii = change_with_interval(row.get("sii"), row.get("sii_ci_low"), row.get("sii_ci_high"), info, lang)
            cells.append(Cell(sii, "num"))
        body.append(cells)
    return Table(columns, body, kinds, css="gaps")


def _label(row: dict, which: str, lang: str) -> str:
    """Label of the highest/lowest group (English from metric_values' labels when available)."""
    return str(row.get(f"{which}_group_label_en") if lang == "en" and row.get(f"{which}_group_label_en")
               else row.get(f"{which}_group_label") or row.get(f"{which}_group_code"))


def english_group_labels(gaps: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Add English labels of the highest/lowest groups from ``metric_values`` (equity_gaps has Swedish only)."""
    if gaps.empty or "group_label_en" not in values.columns:
        return gaps
    lookup = (values[["dimension", "group_code", "group_label_en"]].drop_duplicates(["dimension", "group_code"])
              .set_index(["dimension", "group_code"])["group_label_en"])
    out = gaps.copy()
    for which in ("highest", "lowest"):
        keys = list(zip(out["dimension"], out[f"{which}_group_code"], strict=True))
        out[f"{which}_group_label_en"] = [lookup.get(key) for key in keys]
    return out


def worse_municipalities(values: pd.DataFrame, infos: dict[str, MetricInfo], quarter: Quarter,
                         lang: str, minimum: int = 2) -> tuple[Table | None, list[str]]:
    """Municipalities whose ``comparison`` is ``worse`` on at least ``minimum`` metrics in the quarter, as a
    table (``None`` when there is none), and the metric ids the table names."""
    rows = values[(values["period"] == quarter.label) & (values["dimension"] == "municipality")
                  & (values["comparison"] == "worse") & ~values["suppressed"].astype(bool)
                  & values["metric_id"].isin(list(infos))]
    if rows.empty:
        return None, []
    body = []
    named: list[str] = []
    grouped = sorted(rows.groupby("group_code"), key=lambda item: (-item[1]["metric_id"].nunique(), item[0]))
    for _code, part in grouped:
        if part["metric_id"].nunique() < minimum:
            continue
        first = part.iloc[0].to_dict()
        items = []
        for row in part.sort_values("metric_id").to_dict("records"):
            info = infos[row["metric_id"]]
            items.append(f"{info.name}: {format_value(row.get('value'), info, lang)} / "
                         f"{format_value(row.get('benchmark_value'), info, lang)}")
        body.append([Cell(group_label(first, lang)), Cell(str(part["metric_id"].nunique()), "num"),
                     Cell("; ".join(items))])
        named += list(part["metric_id"])
    if not body:
        return None, []
    columns = [t("col_group", lang), t("worse_count", lang), t("worse_metrics", lang)]
    return Table(columns, body, ["text", "text", "text"], css="worse"), sorted(set(named))


MAP_METRIC = "E1.access_rate"


def map_blocks(values: pd.DataFrame, gaps: pd.DataFrame | None, infos: dict[str, MetricInfo], region: str,
               quarter: Quarter, lang: str, metric_id: str = MAP_METRIC) -> list[Block]:
    """The municipality map of ``metric_id`` for the quarter and its HEAT measures by municipality."""
    info = infos.get(metric_id)
    rows = values[(values["metric_id"] == metric_id) & (values["dimension"] == "municipality")
                  & (values["period"] == quarter.label)]
    if info is None or rows.empty:
        return []
    title = t("map_title", lang, metric=info.name, period=quarter.label)
    figure = maps.municipality_map(rows, info, lang, region)  # the heading above carries the title
    figure.update_layout(height=520)
    blocks = [
        Block("heading", text=title, keep_with_next=True),
        Block("figure", figure=Figure("equity-map", figure, caption=t("map_caption", lang))),
        Block("paragraph", text=maps.map_summary(rows, info, lang)),
    ]
    chosen = gaps[(gaps["metric_id"] == metric_id) & (gaps["dimension"] == "municipality")] \
        if gaps is not None else pd.DataFrame()
    table = heat_table(chosen.iloc[0].to_dict(), info, lang) if not chosen.empty else pd.DataFrame()
    if not table.empty:
        blocks.append(Block("heading", text=t("ineq_title", lang), keep_with_next=True))
        body = [[Cell(str(value)) for value in row] for row in table.itertuples(index=False)]
        blocks.append(Block("table", table=Table(list(table.columns), body, ["text", "num", "text"], css="heat")))
    return blocks


def equity_section(gaps: pd.DataFrame | None, values: pd.DataFrame, infos: dict[str, MetricInfo],
                   dimensions: pd.DataFrame, quarter: Quarter, lang: str,
                   region: str | None = None) -> tuple[Section, list[str]]:
    """The equity section and the metric ids it shows (with ``region``: the municipality map first)."""
    section = Section("equity", t("section_equity", lang))
    section.add(Block("paragraph", text=t("report_equity_intro", lang, quarter=quarter.label)))
    shown: list[str] = []
    current = values[values["period"] == quarter.label]
    if gaps is not None and "period_status" in gaps.columns and (gaps["period_status"] == "provisional").any():
        # a half-observed quarter ranks no gap: its provisional metrics are left out, and said so
        left_out = sorted({infos[m].name for m in gaps.loc[gaps["period_status"] == "provisional", "metric_id"]
                           if m in infos})
        gaps = gaps[gaps["period_status"] != "provisional"]
        section.add(Block("paragraph", text=t("report_equity_provisional", lang, quarter=quarter.label,
                                              metrics="; ".join(left_out))))
    if region is not None:
        blocks = map_blocks(current, gaps, infos, region, quarter, lang)
        for block in blocks:
            section.add(block)
        if blocks:
            shown.append(MAP_METRIC)
            section.suppressed = section.suppressed or bool(
                current[(current["metric_id"] == MAP_METRIC) & (current["dimension"] == "municipality")]
                ["suppressed"].astype(bool).any())
    if gaps is None:
        section.add(Block("paragraph", text=t("no_table", lang, table="marts.equity_gaps")))
    else:
        gaps = english_group_labels(gaps, current) if lang == "en" else gaps
        for dimension in DIMENSIONS:
            name = _dimension_label(dimensions, dimension, lang)
            section.add(Block("heading", text=t("equity_by", lang, dimension=name), keep_with_next=True))
            chosen = significant_gaps(gaps, dimension, infos).head(TOP_GAPS)
            if chosen.empty:
                section.add(Block("paragraph", text=t("equity_none", lang, dimension=name)))
                continue
            section.add(Block("table", table=gap_table(chosen, infos, dimension, lang)))
            top = chosen.iloc[0]["metric_id"]
            shown += list(chosen["metric_id"])
            groups = current[(current["metric_id"] == top) & (current["dimension"] == dimension)]
            title = t("equity_chart_title", lang, metric=infos[top].name, dimension=name, quarter=quarter.label)
            figure = charts.bar_with_intervals(groups, infos[top], lang, title=title)
            section.add(Block("figure", figure=Figure(f"equity-{dimension}", figure, caption=t("equity_intro", lang))))
            if groups["suppressed"].astype(bool).any():
                section.suppressed = True
    section.add(Block("heading", text=t("worse_title", lang), keep_with_next=True))
    section.add(Block("paragraph", text=t("worse_intro", lang, quarter=quarter.label)))
    table, named = worse_municipalities(values, infos, quarter, lang)
    if table is None:
        section.add(Block("paragraph", text=t("worse_none", lang)))
    else:
        section.add(Block("table", table=table))
        shown += named
    return section, list(dict.fromkeys(shown))

