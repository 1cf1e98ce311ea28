"""Factories for the checks of every suite, so each suite module reads as a list of rules."""

from __future__ import annotations

from typing import Any

from samrehab.quality.model import Check, Condition, Dimension, Severity

Threshold = str | tuple[str, str]


def _threshold(threshold: Threshold) -> dict[str, str]:
    """``(sv, en)`` → the Check fields; a plain string serves both languages."""
    if isinstance(threshold, tuple):
        return {"threshold": threshold[1], "threshold_sv": threshold[0]}
    return {"threshold": threshold}


def pct(share: float) -> str:
    """``0.05`` → ``5 %`` (threshold texts)."""
    value = share * 100
    return f"{value:.0f} %" if value == int(value) else f"{value:.1f} %"


def column_check(
    name: str, dimension: Dimension, severity: Severity, entity: str, column: str, expectation: str,
    threshold: Threshold, title: tuple[str, str], fix: tuple[str, str], *, mostly: float = 1.0,
    conditions: tuple[Condition, ...] = (), **kwargs: Any,
) -> Check:
    """A check over one column of the entity frame ``entity.<entity>``."""
    args = {"column": column, **kwargs}
    if mostly < 1.0:
        args["mostly"] = mostly
    return Check(
        name=name, dimension=dimension, severity=severity, dataset=f"entity.{entity}",
        expectation=expectation, kwargs=args, kind="column", entity=entity, column=column,
        **_threshold(threshold), title_sv=title[0], title_en=title[1], fix_sv=fix[0], fix_en=fix[1],
        conditions=conditions,
    )


def aggregate_check(
    name: str, dimension: Dimension, severity: Severity, dataset: str, entity: str, column: str,
    expectation: str, threshold: Threshold, title: tuple[str, str], fix: tuple[str, str],
    value_format: str = "number", **kwargs: Any,
) -> Check:
    """A check of one statistic (median, quantile) of a column."""
    return Check(
        name=name, dimension=dimension, severity=severity, dataset=dataset, expectation=expectation,
        kwargs={"column": column, **kwargs}, kind="aggregate", entity=entity, column=column,
        **_threshold(threshold), title_sv=title[0], title_en=title[1], fix_sv=fix[0], fix_en=fix[1],
        value_format=value_format,  # type: ignore[arg-type]
    )


def groups_check(
    name: str, dimension: Dimension, severity: Severity, dataset: str, entity: str, column: str | None,
    validated: str, threshold: Threshold, title: tuple[str, str], fix: tuple[str, str], *,
    min_value: float | None = None, max_value: float | None = None, value_set: list[Any] | None = None,
    conditions: tuple[Condition, ...] = (), value_format: str = "share", detail: tuple[str, str] = ("", ""),
) -> Check:
    """A check whose frame has one row per group; each row passes or fails on its own."""
    if value_set is not None:
        expectation, args = "ExpectColumnValuesToBeInSet", {"column": validated, "value_set": value_set}
    else:
        expectation, args = "ExpectColumnValuesToBeBetween", {"column": validated}
        if min_value is not None:
            args["min_value"] = min_value
        if max_value is not None:
            args["max_value"] = max_value
    return Check(
        name=name, dimension=dimension, severity=severity, dataset=dataset, expectation=expectation,
        kwargs=args, kind="groups", entity=entity, column=column, **_threshold(threshold),
        title_sv=title[0], title_en=title[1], fix_sv=fix[0], fix_en=fix[1], conditions=conditions,
        value_format=value_format, detail_sv=detail[0], detail_en=detail[1],  # type: ignore[arg-type]
    )


#: Largest share of a delivered entity the ingest may quarantine for one dimension's rules.
QUARANTINE_MAX_SHARE = 0.05


def quarantine_check(dimension: Dimension, title: tuple[str, str], fix: tuple[str, str]) -> Check:
    """Share of the latest delivery's rows the ingest quarantined for rules of ``dimension``."""
    limit = pct(QUARANTINE_MAX_SHARE)
    return groups_check(
        f"{dimension}.quarantined_rows", dimension, "error", f"quarantine.{dimension}", "", None,
        "quarantined_share", (f"≤ {limit} av levererade rader", f"≤ {limit} of rows delivered"), title, fix,
        max_value=QUARANTINE_MAX_SHARE, detail=("{rows_quarantined:.0f} av {rows_read:.0f} rader; {detail}",
                                                "{rows_quarantined:.0f} of {rows_read:.0f} rows; {detail}"))
