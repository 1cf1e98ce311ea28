"""Turn check outcomes into rows of ``marts.data_quality_results`` and write the table.

Rows are aggregate: a check over a column gives one row (the share of unexpected values), a
check over groups gives one row per unit, unit-month, entity or file. No row holds a person's or
an event's id, nor a value of a row: only codes of units and regions, periods, shares, counts.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from samrehab.quality.gx_runner import CheckOutcome
from samrehab.quality.model import RESULT_COLUMNS, Check
from samrehab.read.labels import entity_label

RESULT_TABLE = "marts.data_quality_results"
RESULT_TABLE_DDL = f"""
create or replace table {RESULT_TABLE} (
    check_name varchar not null,
    dimension varchar not null,
    entity varchar,
    column_name varchar,
    unit_id varchar,
    region_code varchar,
    period varchar,
    severity varchar not null,
    observed_value double,
    threshold varchar,
    passed boolean not null,
    message_sv varchar not null,
    message_en varchar not null,
    affected_metrics varchar,
    checked_at timestamp not null
)
"""


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def format_value(value: float | None, value_format: str, lang: str) -> str:
    """A readable observed value: share as percent, days, ratio, count."""
    if value is None:
        return "–"
    comma = lang == "sv"
    if value_format == "share":
        text = f"{value * 100:.1f} %"
    elif value_format == "days":
        text = f"{value:.0f} {'dagar' if lang == 'sv' else 'days'}"
    elif value_format == "ratio":
        text = f"{value:.2f} × {'förväntat' if lang == 'sv' else 'expected'}"
    elif value_format == "count":
        text = f"{value:.0f}"
    else:
        text = f"{value:.1f}"
    return text.replace(".", ",") if comma else text


def _where(entity: str, column: str | None, unit_id: str | None, period: str | None, lang: str) -> str:
    parts = []
    if entity:
        parts.append(f"{entity_label(entity, lang)} ({entity}{'.' + column if column else ''})")
    if unit_id:
        parts.append(f"{'enhet' if lang == 'sv' else 'unit'} {unit_id}")
    if period:
        parts.append(period)
    return ", ".join(parts)


def _detail(template: str, row: dict[str, Any]) -> str:
    if not template:
        return ""
    try:
        return template.format(**row)
    except (KeyError, ValueError, TypeError, AttributeError):
        return ""


def _messages(check: Check, passed: bool, observed: float | None, where: tuple[str, str],
              detail: tuple[str, str]) -> tuple[str, str]:
    messages = []
    for lang, title, fix, place, extra, threshold in (
        ("sv", check.title_sv, check.fix_sv, where[0], detail[0], check.threshold_text_sv),
        ("en", check.title_en, check.fix_en, where[1], detail[1], check.threshold),
    ):
        limit = "gräns" if lang == "sv" else "limit"
        text = f"{title}{' – ' + place if place else ''}: {format_value(observed, check.value_format, lang)} " \
               f"({limit} {threshold})."
        if extra:
            text += f" {extra}."
        if not passed:
            label, action = ("Kontroll", "Åtgärd") if lang == "sv" else ("Check", "Fix")
            text += f" {label} {check.name}. {action}: {fix}"
        messages.append(text)
    return messages[0], messages[1]


def _row(check: Check, severity: str, entity: str, unit_id: Any, region_code: Any, period: Any,
         observed: float | None, passed: bool, message_sv: str, message_en: str, metrics: dict[str, str],
         checked_at: dt.datetime) -> dict[str, Any]:
    return {
        "check_name": check.name, "dimension": check.dimension, "entity": entity or None,
        "column_name": check.column, "unit_id": unit_id or None, "region_code": region_code or None,
        "period": period or None, "severity": severity, "observed_value": observed, "threshold": check.threshold,
        "passed": passed, "message_sv": message_sv, "message_en": message_en,
        "affected_metrics": metrics.get(entity or "") or None, "checked_at": checked_at,
    }


def _exception_row(outcome: CheckOutcome, metrics: dict[str, str], checked_at: dt.datetime) -> dict[str, Any]:
    check = outcome.check
    reason = (outcome.exception or "unknown error").splitlines()[0][:300]
    sv = (f"Kontrollen {check.name} ({check.key}) kunde inte köras: {reason}. Åtgärd: kör `samrehab build` "
          "så att staging-vyer och seeds finns, och rapportera felet om det kvarstår; kontrollen räknas som "
          "underkänd på felnivå.")
    en = (f"The check {check.name} ({check.key}) could not run: {reason}. Fix: run `samrehab build` so the "
          "staging views and seeds exist, and report the problem if it persists; the check counts as an "
          "error-level failure.")
    return _row(check, "error", check.entity, None, None, None, None, False, sv, en, metrics, checked_at)


def outcome_rows(outcome: CheckOutcome, frame: pd.DataFrame | None, metrics: dict[str, str],
                 checked_at: dt.datetime) -> list[dict[str, Any]]:
    """The result rows of one check. ``frame`` is the check's dataset: its groups (``groups``
    checks) or its profile, one row per check (``column`` and ``aggregate`` checks)."""
    check = outcome.check
    if outcome.exception is not None or frame is None:
        return [_exception_row(outcome, metrics, checked_at)]
    if check.kind in ("column", "aggregate"):
        if check.kind == "column":  # the share of unexpected values, from the check's profile row
            profile = frame[frame["check_key"] == check.key] if "check_key" in frame.columns else frame.iloc[0:0]
            if len(profile) != 1:
                outcome.exception = "the profile has no single row for the check"
                return [_exception_row(outcome, metrics, checked_at)]
            observed = _number(profile["unexpected_share"].iloc[0])
        else:
            value = outcome.result.get("observed_value")
            if isinstance(value, dict):  # quantiles: {"quantiles": [...], "values": [...]}
                value = (value.get("values") or [None])[0]
            observed = _number(value)
        where = (_where(check.entity, check.column, None, None, "sv"),
                 _where(check.entity, check.column, None, None, "en"))
        sv, en = _messages(check, outcome.success, observed, where, ("", ""))
        return [_row(check, check.severity, check.entity, None, None, None, observed, outcome.success, sv, en,
                     metrics, checked_at)]
    unexpected = outcome.unexpected_index
    if not outcome.success and not unexpected:
        outcome.exception = "great-expectations reported a failure without listing the failing groups"
        return [_exception_row(outcome, metrics, checked_at)]
    if frame.empty:
        sv = f"{check.title_sv}: inga grupper att bedöma."
        en = f"{check.title_en}: no groups to assess."
        return [_row(check, check.severity, check.entity, None, None, None, None, True, sv, en, metrics, checked_at)]
    rows = []
    for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
        passed = index not in unexpected
        entity = str(record.get("entity") or check.entity or "")
        unit_id, region_code, period = record.get("unit_id"), record.get("region_code"), record.get("period")
        unit_id = None if pd.isna(unit_id) else unit_id
        region_code = None if pd.isna(region_code) else region_code
        period = None if pd.isna(period) else period
        observed = _number(record.get(check.validated_column))
        where = (_where(entity, check.column, unit_id, period, "sv"),
                 _where(entity, check.column, unit_id, period, "en"))
        if region_code and not unit_id:
            where = (f"{where[0]}, region {region_code}", f"{where[1]}, region {region_code}")
        detail = (_detail(check.detail_sv, record), _detail(check.detail_en, record))
        sv, en = _messages(check, passed, observed, where, detail)
        rows.append(_row(check, check.severity, entity, unit_id, region_code, period, observed, passed, sv, en,
                         metrics, checked_at))
    return _worst_first(rows, "min_value" in check.kwargs)


def _worst_first(rows: list[dict[str, Any]], low_is_bad: bool) -> list[dict[str, Any]]:
    """Failed rows first, the furthest beyond the threshold first; passed rows keep their order."""
    failed = [r for r in rows if not r["passed"]]
    sign = 1 if low_is_bad else -1
    failed.sort(key=lambda r: (r["observed_value"] is None, sign * (r["observed_value"] or 0)))
    return failed + [r for r in rows if r["passed"]]


def results_frame(outcomes: dict[str, CheckOutcome], frames: dict[str, pd.DataFrame],
                  metrics: dict[str, str], checked_at: dt.datetime) -> pd.DataFrame:
    """Every check's rows, in check order, with the columns of :data:`RESULT_COLUMNS`."""
    rows: list[dict[str, Any]] = []
    for outcome in outcomes.values():
        rows += outcome_rows(outcome, frames.get(outcome.check.dataset), metrics, checked_at)
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    frame["passed"] = frame["passed"].astype(bool)
    frame["observed_value"] = pd.to_numeric(frame["observed_value"], errors="coerce").astype("float64")
    return frame


def write_results(db_path: Path, results: pd.DataFrame) -> None:
    """Replace ``marts.data_quality_results`` in the warehouse with ``results`` (one transaction)."""
    con = duckdb.connect(str(db_path))
    try:
        con.begin()
        con.execute("create schema if not exists marts")
        con.execute(RESULT_TABLE_DDL)
        con.register("quality_results", results)
        columns = ", ".join(RESULT_COLUMNS)
        con.execute(f"insert into {RESULT_TABLE} ({columns}) select {columns} from quality_results")
        con.unregister("quality_results")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
