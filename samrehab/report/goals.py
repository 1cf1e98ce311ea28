"""Section "Effect goals E1–E6": the dashboard's overview tiles for the quarter, and their numbers as a table."""

from __future__ import annotations

import pandas as pd

from samrehab.read import charts, icons
from samrehab.read.formatting import (
    COMPARISON_COLOURS,
    COMPARISON_TEXT_COLOURS,
    STATUS_COMPARISON,
    SUPPRESSED,
    MetricInfo,
    format_change,
    format_count,
    format_interval,
    format_value,
)
from samrehab.read.goals import (
    GOALS,
    PeriodChange,
    change_since_previous,
    is_shown,
    period_row,
    plan_lines,
)
from samrehab.read.labels import t
from samrehab.read.provisional import period_label, provisional_note, shown_period
from samrehab.report.model import Block, Cell, Figure, Quarter, Section, Table, Tile

SPARKLINE_HEIGHT = 64


def change_colour(change: PeriodChange) -> str:
    """Blue for an improvement, orange for a deterioration, grey otherwise (the dashboard's delta colours)."""
    return COMPARISON_COLOURS[change.comparison]


def _change_text(change: PeriodChange, previous_label: str, lang: str) -> str:
    value = change.change
    if value is not None:
        arrow = "▲" if value > 0 else ("▼" if value < 0 else "►")
        return f"{arrow} " + t("tile_change", lang, period=previous_label,
                               change=format_change(value, change.info, lang))
    if change.suppressed:
        return t("tile_change", lang, period=previous_label, change=SUPPRESSED)
    return t("tile_change_missing", lang, period=previous_label)


def _status_details(info: MetricInfo, row: dict | None, lang: str) -> tuple[str, str, list[str]]:
    if row is None:
        return "no_data", "", [t("status_missing", lang)]
    code = str(row.get("status") or "no_data")
    return code, str(row.get("current_period") or ""), plan_lines(info, row, lang, show_missing=True)


def other_headline_details(info: MetricInfo, row: dict, lang: str) -> str:
    """The line a tile adds for another headline metric of its goal: name, status, baseline, target, change."""
    code = str(row.get("status") or "no_data")
    status = t(f"status_{code}" if code in STATUS_COMPARISON else "status_no_data", lang)
    period = row.get("current_period")
    status = t("tile_other_status", lang, status=status, period=period) \
        if period is not None and pd.notna(period) else status
    return "; ".join([t("tile_also_headline", lang, name=info.name, status=status),
                      *plan_lines(info, row, lang, owner=False, show_missing=True)])


def build_tile(goal: str, goal_name: str, info: MetricInfo | None, quarter: Quarter, values: pd.DataFrame,
               series: pd.DataFrame, status_row: dict | None, flagged: bool, lang: str,
               other_details: list[str] | None = None, spc_icons: dict[str, dict] | None = None) -> Tile:
    """One goal's tile: value of the quarter, change since the previous quarter, status from the plan, and
    ``other_details`` (the goal's other headline metrics, see ``other_headline_details``)."""
    if info is None:
        colour = COMPARISON_COLOURS["similar"]
        return Tile(goal, goal_name, None, "", quarter.label, "–", "", "", t("no_goal_data", lang), colour,
                    t("status_no_data", lang), colour, "#000000", "", [])
    # the latest complete quarter when the report's quarter is provisional for the metric
    totals = series if not series.empty else values
    shown = shown_period(totals[totals["metric_id"] == info.metric_id], quarter.label, quarter.previous.label,
                         default_choice=True)
    change = change_since_previous(totals, info, shown.period, shown.previous)
    current = change.current
    if shown.fell_back:
        details_first = [t("provisional_fallback", lang, period=shown.period, chosen=shown.chosen,
                           note=provisional_note(shown.chosen_row, lang))]
    elif provisional_note(current, lang):
        details_first = [t("provisional_chosen", lang, period=shown.period, note=provisional_note(current, lang))]
    else:
        details_first = []
    hidden = bool(current and current.get("suppressed"))
    value = format_value(current.get("value") if current else None, info, lang, suppressed=hidden, unit=False)
    interval = ""
    if is_shown(current):
        interval = f"{t('col_ci', lang)}: {format_interval(current.get('ci_low'), current.get('ci_high'), info, lang)}"
    code, status_period, details = _status_details(info, status_row, lang)
    comparison = STATUS_COMPARISON.get(code, "similar")
    trend = series[series["metric_id"] == info.metric_id]
    sparkline = None
    if len(trend) > 1:
        figure = charts.sparkline(trend, info, lang)
        figure.update_layout(height=SPARKLINE_HEIGHT)  # a printed page holds the six tiles and their table
        sparkline = Figure(f"spark-{goal}", figure, css="sparkline")
    return Tile(
        goal=goal, goal_name=goal_name, metric_id=info.metric_id, metric_name=info.name,
        period=period_label(shown.period, current, lang), value=value, unit=info.axis_unit, interval=interval,
        change=_change_text(change, str(shown.previous), lang),
        change_colour=change_colour(change),
        status=t(f"status_{code}" if code in STATUS_COMPARISON else "status_no_data", lang),
        status_colour=COMPARISON_COLOURS[comparison], status_text_colour=COMPARISON_TEXT_COLOURS[comparison],
        status_note=t("tile_status_period", lang, period=status_period)
        if status_period and status_period != shown.period else "",
        details=details_first + details + list(other_details or []), flagged=flagged, sparkline=sparkline,
        icons=icons.icons_html((spc_icons or {}).get(info.metric_id), lang, size=22),
    )


def headline_table(headlines: dict[str, list[str]], infos: dict[str, MetricInfo], values: pd.DataFrame,
                   quarter: Quarter, lang: str) -> Table:
    """Every headline metric's rows of ``metric_values`` for the quarter and the previous one."""
    columns = [t("col_goal", lang), t("col_metric", lang), t("col_period", lang), t("col_value", lang),
               t("col_ci", lang), t("col_numerator", lang), t("col_denominator", lang)]
    kinds = ["text", "text", "text", "value", "value", "count", "count"]
    rows = []
    for goal, metric_ids in headlines.items():
        for metric_id in metric_ids:
            if metric_id not in infos:
                continue
            info = infos[metric_id]
            for period in (quarter.label, quarter.previous.label):
                row = period_row(values, metric_id, period)
                if row is None:
                    continue
                hidden = bool(row.get("suppressed"))
                rows.append([
                    Cell(goal), Cell(info.name), Cell(period_label(period, row, lang)),
                    Cell(format_value(row.get("value"), info, lang, suppressed=hidden), "num"),
                    Cell(format_interval(row.get("ci_low"), row.get("ci_high"), info, lang, suppressed=hidden),
                         "num"),
                    Cell(format_count(row.get("numerator"), lang, suppressed=hidden), "num"),
                    Cell(format_count(row.get("denominator"), lang, suppressed=hidden), "num"),
                ])
    return Table(columns, rows, kinds, css="headline")


def _status_row(status: pd.DataFrame | None, goal: str, metric_id: str) -> dict | None:
    if status is None or status.empty:
        return None
    rows = status[(status["effect_goal"] == goal) & (status["metric_id"] == metric_id)]
    return rows.iloc[0].to_dict() if not rows.empty else None


def goals_section(headlines: dict[str, list[str]], infos: dict[str, MetricInfo], goal_names: dict[str, str],
                  quarter: Quarter, values: pd.DataFrame, series: pd.DataFrame, status: pd.DataFrame | None,
                  flagged: set[str], lang: str, spc: pd.DataFrame | None = None) -> Section:
    """Tiles for E1–E6 (the first headline metric's value; the status of every headline metric) and the table
    of every headline metric's numbers."""
    section = Section("goals", t("section_goals", lang))
    section.add(Block("paragraph", text=t("goals_intro", lang, quarter=quarter.label,
                                              previous=quarter.previous.label)))
    tiles = []
    spc_icons = icons.series_icons(spc)
    for goal in GOALS:
        metric_ids = [m for m in headlines.get(goal, []) if m in infos]
        if not metric_ids:
            tiles.append(build_tile(goal, goal_names.get(goal, goal), None, quarter, values, series, None, False,
                                    lang))
            continue
        others = [
            other_headline_details(infos[metric_id], row, lang)
            for metric_id in metric_ids[1:]
            if (row := _status_row(status, goal, metric_id)) is not None
        ]
        tiles.append(build_tile(goal, goal_names.get(goal, goal), infos[metric_ids[0]], quarter, values, series,
                                _status_row(status, goal, metric_ids[0]), metric_ids[0] in flagged, lang,
                                others, spc_icons))
    section.add(Block("tiles", tiles=tiles))
    section.add(Block("html", text=icons.legend_html(lang, size=16)))
    if status is not None and not status.empty and "current_period" in status.columns:
        periods = ", ".join(sorted(set(status["current_period"].dropna().astype(str))))
        section.add(Block("note", text=t("status_note", lang, periods=periods)))
    section.add(Block("heading", text=t("goals_table_title", lang), keep_with_next=True))
    section.add(Block("table", table=headline_table(headlines, infos, values, quarter, lang)))
    return section
