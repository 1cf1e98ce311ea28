"""The goal tiles' logic, shared by the dashboard's overview and the report's effect-goal section.

Which metric a goal's tile shows (``headline_metrics``), how its value changed since the previous
period (``change_since_previous``), and the lines a tile prints for the goal's plan (``plan_lines``).
They read rows of ``marts.metric_values`` and ``marts.effect_goal_status`` as ``samrehab.read.queries``
returns them; nothing is recomputed beyond the difference of two published values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from samrehab.read.formatting import MetricInfo, change_with_interval, format_interval, format_value
from samrehab.read.labels import t

GOALS = ("E1", "E2", "E3", "E4", "E5", "E6")


def headline_metrics(status: pd.DataFrame | None, infos: dict[str, MetricInfo], totals: pd.DataFrame,
                     period: str | None) -> dict[str, list[str]]:
    """Headline metrics per goal, the one its tile shows first.

    A goal's headline metrics are those of the benefits realisation plan (``effect_goal_status``, every one
    of them: a goal may have several). The tile's metric is the first of them with a published
    (unsuppressed) value in ``period``, else the first; without a plan row, the goal's first catalogue
    metric with data in ``totals`` (rows of ``metric_values``, dimension total). A goal with neither has
    an empty list.
    """
    with_data = set(totals["metric_id"]) if not totals.empty else set()
    shown_now = set(totals.loc[(totals["period"] == period) & ~totals["suppressed"].astype(bool),
                               "metric_id"]) if not totals.empty else set()
    planned_rows = status if status is not None and not status.empty and "effect_goal" in status.columns else None
    headlines: dict[str, list[str]] = {}
    for goal in GOALS:
        planned: list[str] = []
        if planned_rows is not None:
            rows = planned_rows[planned_rows["effect_goal"] == goal]
            planned = list(dict.fromkeys(str(m) for m in rows["metric_id"] if str(m) in infos))
        if planned:
            first = next((m for m in planned if m in shown_now), planned[0])
            headlines[goal] = [first] + [m for m in planned if m != first]
            continue
        fallback = next((m for m in infos if m.startswith(goal + ".") and m in with_data), None)
        headlines[goal] = [fallback] if fallback else []
    return headlines


def period_row(frame: pd.DataFrame, metric_id: str, period: str | None) -> dict | None:
    """The total row of ``metric_id`` in ``period`` (dimension ``total`` when the frame has several)."""
    if frame.empty:
        return None
    rows = frame[(frame["metric_id"] == metric_id) & (frame["period"] == period)]
    if "dimension" in rows.columns:
        rows = rows[rows["dimension"] == "total"]
    return rows.iloc[0].to_dict() if not rows.empty else None


def is_shown(row: dict | None) -> bool:
    """Whether a row has a value that may be shown (present, not suppressed)."""
    return row is not None and not bool(row.get("suppressed")) and pd.notna(row.get("value"))


@dataclass(frozen=True)
class PeriodChange:
    """A metric's value in a period and in the one before it, and the change between them."""

    info: MetricInfo
    current: dict | None
    previous: dict | None

    @property
    def change(self) -> float | None:
        """Current minus previous value, when both may be shown; else ``None``."""
        if not (is_shown(self.current) and is_shown(self.previous)):
            return None
        return float(self.current["value"]) - float(self.previous["value"])  # type: ignore[index]

    @property
    def suppressed(self) -> bool:
        """Whether either value is suppressed (the change is then not shown either)."""
        return bool((self.current and self.current.get("suppressed"))
                    or (self.previous and self.previous.get("suppressed")))

    @property
    def comparison(self) -> str:
        """``better`` for an improvement, ``worse`` for a deterioration, ``similar`` otherwise (no polarity,
        no change, or no change to show)."""
        change = self.change
        if change is None or change == 0 or self.info.higher_is_better is None:
            return "similar"
        return "better" if (change > 0) == self.info.higher_is_better else "worse"


def change_since_previous(frame: pd.DataFrame, info: MetricInfo, period: str | None,
                          previous_period: str | None) -> PeriodChange:
    """The metric's rows in ``period`` and ``previous_period`` (see ``period_row``) and their change."""
    return PeriodChange(info, period_row(frame, info.metric_id, period),
                        period_row(frame, info.metric_id, previous_period))


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value)


def plan_lines(info: MetricInfo, row: dict, lang: str, *, owner: bool = True,
               baseline_interval: bool = False, show_missing: bool = False) -> list[str]:
    """Baseline (with its 95 % interval when asked), target and due date, change since the baseline with
    its interval, and the owner, of one row of ``marts.effect_goal_status``. An absent baseline or target
    is left out, or with ``show_missing`` shown as ``–`` (the printed report says what is missing)."""
    lines = []
    if _present(row.get("baseline_value")) or show_missing:
        text = t("baseline", lang, period=row.get("baseline_period", ""),
                 value=format_value(row.get("baseline_value"), info, lang))
        low, high = row.get("baseline_ci_low"), row.get("baseline_ci_high")
        if baseline_interval and _present(low) and _present(high):
            text += f" ({format_interval(low, high, info, lang)})"
        lines.append(text)
    if _present(row.get("target_value")) or show_missing:
        target = format_value(row.get("target_value"), info, lang)
        due = row.get("due_date")
        lines.append(t("target_due", lang, value=target, date=str(due)[:10]) if _present(due)
                     else t("target", lang, value=target))
    if _present(row.get("change")):
        lines.append(t("change_since_baseline", lang, value=change_with_interval(
            row["change"], row.get("change_ci_low"), row.get("change_ci_high"), info, lang)))
    name = row.get("owner_role_en" if lang == "en" else "owner_role_sv")
    if owner and name and _present(name):
        lines.append(t("tile_owner", lang, owner=name))
    return lines
