"""Section "E6 before and after the intervention" from ``marts.before_after``."""

from __future__ import annotations

import pandas as pd

from samrehab.read import charts
from samrehab.read.formatting import MetricInfo, change_with_interval, format_interval, format_value
from samrehab.read.labels import t
from samrehab.report.model import Block, Cell, Figure, Section, Table

GOAL = "E6"


def _date(value: object) -> str:
    return str(pd.Timestamp(value).date()) if value is not None and pd.notna(value) else "–"


def _with_interval(value: object, low: object, high: object, info: MetricInfo, lang: str) -> str:
    text = format_value(value, info, lang)
    interval = format_interval(low, high, info, lang)
    return text if interval == "–" else f"{text} ({interval})"


def _difference(row: dict, info: MetricInfo, lang: str) -> str:
    return change_with_interval(row.get("difference"), row.get("difference_ci_low"), row.get("difference_ci_high"),
                                info, lang)


ASSESSMENT_CSS = {"improved": "better", "worsened": "worse"}


def before_after_table(rows: pd.DataFrame, infos: dict[str, MetricInfo], lang: str) -> Table:
    """Before, after, difference with intervals, months used and the mart's assessment, per metric."""
    columns = [t("col_metric", lang), t("before", lang), t("after", lang), t("difference", lang),
               t("ba_months", lang), t("ba_assessment", lang)]
    body = []
    for row in rows.to_dict("records"):
        info = infos[row["metric_id"]]
        assessment = str(row.get("change_assessment") or "not_assessed")
        months = (f"{int(row.get('before_months_published') or 0)}/{int(row.get('before_months') or 0)} · "
                  f"{int(row.get('after_months_published') or 0)}/{int(row.get('after_months') or 0)}")
        body.append([
            Cell(info.name),
            Cell(_with_interval(row.get("before_value"), row.get("before_ci_low"), row.get("before_ci_high"), info,
                                lang), "num"),
            Cell(_with_interval(row.get("after_value"), row.get("after_ci_low"), row.get("after_ci_high"), info,
                                lang), "num"),
            Cell(_difference(row, info, lang), "num"),
            Cell(months, "num"),
            Cell(t(f"assess_{assessment}", lang), ASSESSMENT_CSS.get(assessment, "")),
        ])
    return Table(columns, body, ["text", "value", "value", "value", "text", "text"], css="before-after")


def before_after_section(frame: pd.DataFrame | None, infos: dict[str, MetricInfo],
                         lang: str) -> tuple[Section, list[str]]:
    """The E6 comparison: a table of every E6 metric and a forest plot of the proportions' differences."""
    section = Section("before_after", t("section_before_after", lang))
    rows = frame[(frame["effect_goal"] == GOAL) & frame["metric_id"].isin(list(infos))] \
        if frame is not None and not frame.empty else None
    if rows is None or rows.empty:
        section.add(Block("paragraph", text=t("ba_none", lang)))
        return section, []
    order = {metric_id: index for index, metric_id in enumerate(infos)}
    rows = rows.sort_values("metric_id", key=lambda ids: ids.map(order)).reset_index(drop=True)
    first = rows.iloc[0].to_dict()
    section.add(Block("paragraph", text=t(
        "ba_intro", lang, date=_date(first.get("intervention_date")), before_start=_date(first.get("before_start")),
        before_end=_date(first.get("before_end")), after_start=_date(first.get("after_start")),
        after_end=_date(first.get("after_end")),
    )))
    section.add(Block("table", table=before_after_table(rows, infos, lang)))
    shares = {m: infos[m] for m in rows["metric_id"] if infos[m].is_share}
    if shares:
        figure = charts.forest_plot(rows, shares, lang, title=t("ba_chart_title", lang))
        section.add(Block("figure", figure=Figure("before-after-e6", figure, caption=t("before_after_caption",
                                                                                        lang))))
    return section, list(rows["metric_id"])
