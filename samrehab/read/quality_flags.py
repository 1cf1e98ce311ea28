"""Which metric rows a failed data-quality check marks (⚠): the metrics it affects, in the periods
it concerns only.

A failed check of ``marts.data_quality_results`` names its ``affected_metrics`` (``;``-separated) and,
for checks per unit and month, a ``period`` (``2025-10``). It marks those metrics in the periods that
contain a flagged month: the month itself, its quarter (``2025Q4``) and its year (``2025``). A
failed check without a period (the whole delivery, a rejected file) marks every period of its
metrics. Pure functions over a pandas frame: no Streamlit, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

#: The flagged months of a metric; ``None`` means every period.
FlaggedMonths = frozenset[str] | None


def _marked_labels(period: object) -> set[str] | None:
    """The period labels a failed check's ``period`` marks: a month with its quarter and year, another
    label as it is, ``None`` (every period) when the check has no period."""
    if period is None or pd.isna(period) or not str(period).strip():
        return None
    text = str(period).strip()
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        year, month = text[:4], int(text[5:])
        return {text, f"{year}Q{(month - 1) // 3 + 1}", year}
    return {text}


def flagged_periods(failed: pd.DataFrame | None) -> dict[str, FlaggedMonths]:
    """metric_id -> the period labels (months, quarters, years) its failed checks mark, or ``None``
    when a failed check without a period marks every period of the metric.

    ``failed`` holds the failed rows of ``marts.data_quality_results`` (columns ``affected_metrics``
    and ``period``).
    """
    if failed is None or failed.empty or "affected_metrics" not in failed.columns:
        return {}
    periods = failed["period"] if "period" in failed.columns else pd.Series(None, index=failed.index, dtype=object)
    marks: dict[str, set[str] | None] = {}
    for listed, period in zip(failed["affected_metrics"], periods, strict=True):
        labels = _marked_labels(period)
        for metric_id in (part.strip() for part in str(listed if pd.notna(listed) else "").split(";")):
            if not metric_id:
                continue
            known = marks.get(metric_id, set())
            marks[metric_id] = None if labels is None or known is None else known | labels
    return {metric_id: None if labels is None else frozenset(labels) for metric_id, labels in marks.items()}


def is_flagged(marks: Mapping[str, FlaggedMonths], metric_id: str, period: str | None) -> bool:
    """Whether the row of ``metric_id`` for ``period`` (a month, quarter or year label) is marked.

    ``period=None`` asks whether any period of the metric is marked.
    """
    if metric_id not in marks:
        return False
    labels = marks[metric_id]
    return labels is None or period is None or str(period) in labels


def flagged_in(marks: Mapping[str, FlaggedMonths], metric_ids: Iterable[str], period: str | None) -> set[str]:
    """The metrics of ``metric_ids`` whose row for ``period`` is marked."""
    return {metric_id for metric_id in metric_ids if is_flagged(marks, metric_id, period)}


def check_marks_period(check_period: object, period: str | None) -> bool:
    """Whether a failed check with ``check_period`` (a month label, or none for the whole delivery)
    marks the rows of ``period`` (a month, quarter or year label; ``None``: any period)."""
    labels = _marked_labels(check_period)
    return labels is None or period is None or str(period) in labels
