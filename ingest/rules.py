"""Row rules that need more than one column or more than one entity (vectorised).

* ``date_order`` / ``discharge_before_admit``: a later date before an earlier one,
* ``after_extract_date``: an event after the delivery's extract date,
* ``unknown_reference``: a foreign key to a patient, unit, referral, plan or staff member
  that is neither in this delivery (accepted rows) nor in the warehouse.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from contracts import EntityContract
from ingest.keys import KeySet
from ingest.normalise import empty_issues, issues_from_mask, issues_where


def date_order_issues(typed: pl.DataFrame, entity: EntityContract) -> pl.DataFrame:
    """Rows whose dates are in an impossible order."""
    parts = [
        issues_where(typed, pl.col(o.later) < pl.col(o.earlier), o.later, o.rule,
                     f"{o.message}. Fix: correct one of the two dates")
        for o in entity.date_orders
    ]
    if entity.birth_year_column and "deceased_date" in entity.column_names:
        parts.append(issues_where(
            typed, pl.col("deceased_date").dt.year() < pl.col(entity.birth_year_column),
            "deceased_date", "date_order",
            "deceased_date is before the birth year. Fix: correct one of the two"))
    return pl.concat(parts) if parts else empty_issues()


def after_extract_issues(typed: pl.DataFrame, entity: EntityContract,
                         extract_date: dt.date) -> pl.DataFrame:
    """Rows with an event date after ``extract_date`` (planned dates are exempt)."""
    parts = [
        issues_where(typed, pl.col(c) > pl.lit(extract_date), c, "after_extract_date",
                     f"{c}: after the extract date {extract_date.isoformat()}. Fix: correct the "
                     "date, or check the extract_date in manifest.json")
        for c in entity.event_date_columns
    ]
    if entity.birth_year_column:
        c = entity.birth_year_column
        parts.append(issues_where(
            typed, pl.col(c) > extract_date.year, c, "after_extract_date",
            f"{c}: after the year of the extract date. Fix: correct the year"))
    return pl.concat(parts) if parts else empty_issues()


def reference_issues(typed: pl.DataFrame, entity: EntityContract,
                     known_keys: dict[str, KeySet],
                     held_back: dict[str, KeySet] | None = None,
                     foreign_keys: dict[str, KeySet] | None = None) -> pl.DataFrame:
    """Rows whose foreign keys point to nothing known.

    ``known_keys``: entity → its ids in the warehouse (this delivery's accepted rows
    included); ``held_back``: entity → ids of its rows quarantined in this delivery, which
    get a message pointing at that quarantined row.
    """
    held_back = held_back or {}
    foreign_keys = foreign_keys or {}
    parts = []
    for col in entity.columns:
        if not col.fk:
            continue
        values = typed.get_column(col.name)
        known = known_keys.get(col.fk, KeySet()).contains(values)
        in_quarantine = held_back.get(col.fk, KeySet()).contains(values)
        orphan = values.is_not_null() & ~known
        foreign = foreign_keys.get(col.fk, KeySet()).contains(values)
        parts.append(issues_from_mask(
            orphan & ~in_quarantine & foreign, col.name, "region_conflict",
            f"{col.name}: the id is held by another region or source system, not by the one "
            f"that delivers this row (ids are unique per region or source system, so it is "
            f"not used). Fix: deliver that {col.fk} row in this region's extract, or correct "
            "the id"))
        parts.append(issues_from_mask(
            orphan & ~in_quarantine & ~foreign, col.name, "unknown_reference",
            f"{col.name}: refers to a row of {col.fk} that is neither in this delivery nor "
            f"in the warehouse. Fix: deliver it in {col.fk}, or correct the id"))
        parts.append(issues_from_mask(
            orphan & in_quarantine, col.name, "unknown_reference",
            f"{col.name}: refers to a row of {col.fk} that was quarantined in this delivery "
            f"(see raw.quarantine). Fix: correct that {col.fk} row"))
    return pl.concat(parts) if parts else empty_issues()
