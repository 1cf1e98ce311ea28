"""Reading the published snapshot: opening it read-only, and every query the dashboard, the exports and
the quarterly report make. Filters only: nothing is computed here.

* The snapshot is the file named by ``SAMREHAB_SNAPSHOT`` (``samrehab.config.snapshot_path_from_env``).
  It is replaced by atomic rename when a new build is published; every query looks at the file's
  identity (inode, modification time, size) first, so the next query after a publish reads the new
  file, without a restart.
* Each query opens its own read-only connection and closes it straight away (one connection per
  query, hence per thread); no connection is held between queries, so a publish is never blocked.
* No Streamlit here. The dashboard caches these functions (``dashboards/data_access.py`` wraps them in
  ``st.cache_data`` keyed by the snapshot identity and the arguments); the report calls them directly.
  Only the column list of a snapshot is remembered here (``functools.lru_cache`` keyed by its identity:
  a new snapshot is a new key).
* Only tables of the ``marts`` schema are read, and only those named in ``KNOWN_TABLES``. Tables
  that later issues add may be absent: readers then get ``None`` and pages say "no data yet".
* Reference data (metric catalogue, effect goals, regions, code lists) come from the snapshot's
  ``reference`` schema, which publishing fills; never from the repository's seed files, so the snapshot
  file alone is enough.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from samrehab.config import snapshot_path_from_env
from samrehab.identifiers import PATIENT_LEVEL_COLUMNS
from samrehab.read.quality_flags import check_marks_period

SCHEMA = "marts"

# Tables the dashboard knows how to show. metric_values exists now; the others arrive with later work.
KNOWN_TABLES = frozenset(
    {
        "metric_values",
        "equity_gaps",
        "metric_spc",
        "effect_goal_status",
        "before_after",
        "data_quality_results",
        "funnel_limits",
        "snapshot_info",
    }
)
# The snapshot's reference tables (labels, catalogue, code lists: samrehab.publish.REFERENCE_TABLES), as text.
REFERENCE_SCHEMA = "reference"
# Columns that must never reach a reader (patient- or event-level identifiers).
FORBIDDEN_COLUMNS = PATIENT_LEVEL_COLUMNS

Filter = str | int | float | bool | date | Sequence[str] | None


class SnapshotMissingError(FileNotFoundError):
    """No published snapshot at the configured path."""


class SnapshotIncompleteError(LookupError):
    """The snapshot lacks a reference table the readers need (published before they were copied)."""


@dataclass(frozen=True)
class Snapshot:
    """Identity of one published snapshot file: a new publish gives a new identity."""

    path: str
    inode: int
    mtime_ns: int
    size: int

    @property
    def key(self) -> tuple[str, int, int, int]:
        """Hashable cache key."""
        return (self.path, self.inode, self.mtime_ns, self.size)

    @property
    def published_at(self) -> datetime:
        """When the file was written (UTC)."""
        return datetime.fromtimestamp(self.mtime_ns / 1e9, tz=UTC)


def snapshot_path() -> Path:
    """Path of the snapshot the dashboard reads (``SAMREHAB_SNAPSHOT`` or the default warehouse's)."""
    return snapshot_path_from_env()


def current_snapshot(path: Path | str | None = None) -> Snapshot | None:
    """Identity of the snapshot file now at ``path`` (default: from the environment), or ``None`` if absent."""
    target = Path(path) if path is not None else snapshot_path()
    # Resolve the link once and describe that file: resolving and stat-ing the link separately could
    # straddle a publish and mix the old file's inode with the new file's path.
    resolved = target.resolve()
    try:
        stat = os.stat(resolved)
    except FileNotFoundError:
        return None
    return Snapshot(str(resolved), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def require_snapshot(path: Path | str | None = None) -> Snapshot:
    """Like ``current_snapshot`` but raises ``SnapshotMissingError`` when there is none."""
    snapshot = current_snapshot(path)
    if snapshot is None:
        raise SnapshotMissingError(str(path if path is not None else snapshot_path()))
    return snapshot


def _queries(snapshot_key: tuple[str, int, int, int], statements: Sequence[tuple[str, Sequence[Any]]]
             ) -> list[pd.DataFrame]:
    """Run queries on one fresh read-only connection and close it."""
    import duckdb

    con = duckdb.connect(snapshot_key[0], read_only=True)
    try:
        return [con.execute(sql, list(params)).df() for sql, params in statements]
    finally:
        con.close()


def _query(snapshot_key: tuple[str, int, int, int], sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one query on a fresh read-only connection and close it."""
    return _queries(snapshot_key, [(sql, params)])[0]


@functools.lru_cache(maxsize=32)
def _schema_columns(snapshot_key: tuple[str, int, int, int]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Column names of every table of the marts and reference schemas: schema -> table -> columns."""
    frame = _query(
        snapshot_key,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in (?, ?) order by table_schema, table_name, ordinal_position",
        [SCHEMA, REFERENCE_SCHEMA],
    )
    columns: dict[str, dict[str, list[str]]] = {SCHEMA: {}, REFERENCE_SCHEMA: {}}
    for schema, table, column in frame.itertuples(index=False):
        columns[str(schema)].setdefault(str(table), []).append(str(column))
    return {schema: {table: tuple(names) for table, names in tables.items()} for schema, tables in columns.items()}


def _table_columns(snapshot_key: tuple[str, int, int, int]) -> dict[str, tuple[str, ...]]:
    return _schema_columns(snapshot_key)[SCHEMA]


def table_columns(snapshot: Snapshot, table: str) -> tuple[str, ...] | None:
    """Column names of ``marts.<table>`` in the snapshot, or ``None`` when the table is absent."""
    return _table_columns(snapshot.key).get(table)


def has_table(snapshot: Snapshot, table: str) -> bool:
    """Whether the snapshot has ``marts.<table>``."""
    return table_columns(snapshot, table) is not None


def normalise_filters(filters: Mapping[str, Filter] | None) -> tuple[tuple[str, Any], ...]:
    items = []
    for column, value in sorted((filters or {}).items()):
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            value = tuple(sorted(value, key=str))
        items.append((column, value))
    return tuple(items)


def _where(
    filters: tuple[tuple[str, Any], ...], columns: tuple[str, ...], strict: bool, until: date | None
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in filters:
        if column not in columns:
            if strict:
                raise KeyError(f"{column} is not a column of the table")
            continue
        if isinstance(value, tuple):
            if not value:
                clauses.append("false")
                continue
            clauses.append(f'"{column}" in ({", ".join("?" for _ in value)})')
            params.extend(value)
        else:
            clauses.append(f'"{column}" = ?')
            params.append(value)
    if until is not None and "period_start" in columns:
        clauses.append('"period_start" <= ?')
        params.append(until)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def _read(
    snapshot_key: tuple[str, int, int, int],
    table: str,
    filters: tuple[tuple[str, Any], ...],
    strict: bool,
    until: date | None,
) -> pd.DataFrame | None:
    columns = _table_columns(snapshot_key).get(table)
    if columns is None:
        return None
    leaked = FORBIDDEN_COLUMNS & set(columns)
    if leaked:
        raise PermissionError(f"marts.{table} has patient-level columns {sorted(leaked)}: refused")
    where, params = _where(filters, columns, strict, until)
    order = [name for name in ("metric_id", "period_start", "group_sort_order", "group_code") if name in columns]
    order_by = (" order by " + ", ".join(f'"{name}"' for name in order)) if order else ""
    return _query(snapshot_key, f'select * from {SCHEMA}."{table}"{where}{order_by}', params)


def read_table(
    snapshot: Snapshot,
    table: str,
    filters: Mapping[str, Filter] | None = None,
    *,
    strict: bool = False,
    until: date | None = None,
) -> pd.DataFrame | None:
    """Rows of ``marts.<table>`` matching ``filters`` (column = value, or column in a list of values).

    ``None`` filter values are ignored. ``until`` keeps rows with ``period_start <= until``.
    Returns ``None`` when the table is not in the snapshot. With ``strict`` a filter on a column the
    table lacks raises ``KeyError``; otherwise it is skipped (tables of later issues may name their
    columns differently: the page then shows what the table holds).
    """
    if table not in KNOWN_TABLES:
        raise ValueError(f"unknown table {table!r}")
    return _read(snapshot.key, table, normalise_filters(filters), strict, until)


def metric_values(
    snapshot: Snapshot,
    *,
    metric_ids: Iterable[str] | str | None = None,
    region: str | None = None,
    period_type: str | None = None,
    period: str | None = None,
    until: date | None = None,
    care_level: Iterable[str] | str | None = None,
    dimension: Iterable[str] | str | None = None,
    group_codes: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """Rows of ``marts.metric_values`` for the given filters (``None`` = no filter on that column).

    Sorted by metric, period start, group order. An absent table gives an empty frame.
    """

    def as_filter(value: Iterable[str] | str | None) -> Filter:
        if value is None or isinstance(value, str):
            return value
        return tuple(value)

    frame = read_table(
        snapshot,
        "metric_values",
        {
            "metric_id": as_filter(metric_ids),
            "region_code": region,
            "period_type": period_type,
            "period": period,
            "care_level": as_filter(care_level),
            "dimension": as_filter(dimension),
            "group_code": as_filter(group_codes),
        },
        strict=True,
        until=until,
    )
    return frame if frame is not None else pd.DataFrame()


def _filter_options(snapshot_key: tuple[str, int, int, int]) -> dict[str, Any]:
    if "metric_values" not in _table_columns(snapshot_key):
        return {"regions": [], "periods": pd.DataFrame(), "care_levels": [], "groups": pd.DataFrame(), "metrics": []}
    periods, groups, regions, care_levels, metrics = _queries(snapshot_key, [
        (f"select distinct period_type, period, period_start from {SCHEMA}.metric_values "
         "order by period_type, period_start", ()),
        (f"select dimension, group_code, min(group_label) as group_label, min(group_label_en) as group_label_en, "
         f"min(group_sort_order) as group_sort_order from {SCHEMA}.metric_values "
         "where dimension in ('profession', 'diagnosis_group', 'municipality') "
         "group by dimension, group_code order by dimension, group_sort_order, group_code", ()),
        (f"select distinct region_code from {SCHEMA}.metric_values order by 1", ()),
        (f"select distinct care_level from {SCHEMA}.metric_values order by 1", ()),
        (f"select distinct metric_id from {SCHEMA}.metric_values order by 1", ()),
    ])
    return {
        "regions": regions["region_code"].tolist(),
        "periods": periods,
        "care_levels": care_levels["care_level"].tolist(),
        "groups": groups,
        "metrics": metrics["metric_id"].tolist(),
    }


def filter_options(snapshot: Snapshot) -> dict[str, Any]:
    """Choices for the sidebar: ``regions``, ``periods`` (frame of period_type, period, period_start),
    ``care_levels``, ``groups`` (frame of profession / diagnosis-group / municipality codes and labels),
    ``metrics`` (metric ids with rows)."""
    return _filter_options(snapshot.key)


def _data_as_of(snapshot_key: tuple[str, int, int, int]) -> date | None:
    columns = _table_columns(snapshot_key)
    for table, column in (("snapshot_info", "extract_date"), ("metric_values", "extract_date"),
                          ("effect_goal_status", "cutoff_date"), ("before_after", "after_end")):
        if column in columns.get(table, ()):
            value = _query(snapshot_key, f'select max("{column}") as d from {SCHEMA}."{table}"')["d"].iloc[0]
            if not pd.isna(value):
                return pd.Timestamp(value).date()
    return None


def data_as_of(snapshot: Snapshot) -> date | None:
    """The data cut-off (extract date) the snapshot was built from, when the snapshot records it
    (``snapshot_info.extract_date``, else the cut-off the goal-status and before/after marts carry)."""
    return _data_as_of(snapshot.key)


def reference_tables(snapshot: Snapshot) -> tuple[str, ...]:
    """Names of the reference tables the snapshot carries (``reference.<name>``)."""
    return tuple(sorted(_schema_columns(snapshot.key)[REFERENCE_SCHEMA]))


def reference(snapshot: Snapshot, name: str) -> pd.DataFrame:
    """Reference table ``name`` (metric catalogue, effect goals, regions, code lists...) from the snapshot.

    Every column is text (empty string for blanks), as in the seed file it was published from. The
    snapshot is the only source: a snapshot without the table raises ``SnapshotIncompleteError``.
    """
    columns = _schema_columns(snapshot.key)[REFERENCE_SCHEMA].get(name)
    if columns is None:
        raise SnapshotIncompleteError(
            f"the snapshot {snapshot.path} has no {REFERENCE_SCHEMA}.{name}: publish it again "
            "(`samrehab publish`), which copies the reference tables"
        )
    leaked = FORBIDDEN_COLUMNS & set(columns)
    if leaked:
        raise PermissionError(f"{REFERENCE_SCHEMA}.{name} has patient-level columns {sorted(leaked)}: refused")
    frame = _query(snapshot.key, f'select * from {REFERENCE_SCHEMA}."{name}"')
    return frame.astype(object).where(frame.notna(), "").astype(str)


def quality_results(snapshot: Snapshot, region: str | None = None) -> pd.DataFrame | None:
    """Rows of ``marts.data_quality_results`` that concern ``region``: its own rows and those without a
    region (checks over a whole delivery). ``None`` when the table is absent."""
    frame = read_table(snapshot, "data_quality_results")
    if frame is None:
        return None
    if region is not None and "region_code" in frame.columns:
        frame = frame[frame["region_code"].isna() | (frame["region_code"] == region)]
    return frame.reset_index(drop=True)


def failed_quality_checks(snapshot: Snapshot, region: str | None = None) -> pd.DataFrame | None:
    """Checks of ``marts.data_quality_results`` that did not pass, for ``region`` (see ``quality_results``).

    ``None`` when the table is absent.
    """
    frame = quality_results(snapshot, region)
    if frame is None:
        return None
    if "passed" in frame.columns:
        frame = frame[~frame["passed"].fillna(False).astype(bool)]
    return frame.reset_index(drop=True)


def flagged_metrics(snapshot: Snapshot, catalogue: pd.DataFrame, region: str | None = None,
                    period: str | None = None) -> dict[str, list[str]]:
    """Metrics built on data flagged by a failed quality check: metric_id -> flagged entities.

    A metric is flagged when a failed check lists it in ``affected_metrics`` (``;``-separated metric
    ids) or concerns one of its source entities (catalogue ``source_entity``, ``;``-separated). With
    ``period`` (a month, quarter or year label) only checks that concern it count: a check of a month
    marks that month, its quarter and its year; a check without a period marks every period
    (``samrehab.read.quality_flags``).
    """
    failed = failed_quality_checks(snapshot, region)
    if failed is not None and period is not None and "period" in failed.columns:
        failed = failed[[check_marks_period(value, period) for value in failed["period"]]]
    if failed is None or failed.empty:
        return {}
    entities = set(failed["entity"].dropna().astype(str)) if "entity" in failed.columns else set()
    named: dict[str, set[str]] = {}
    if "affected_metrics" in failed.columns:
        for entity, listed in zip(failed.get("entity", pd.Series([""] * len(failed))), failed["affected_metrics"],
                                  strict=True):
            for metric_id in str(listed if listed is not None and not pd.isna(listed) else "").split(";"):
                if metric_id.strip():
                    named.setdefault(metric_id.strip(), set()).add(str(entity))
    flags: dict[str, list[str]] = {}
    for row in catalogue.itertuples(index=False):
        sources = [part.strip() for part in str(row.source_entity).split(";") if part.strip()]
        hit = {entity for entity in sources if entity in entities} | named.get(str(row.metric_id), set())
        if hit:
            flags[str(row.metric_id)] = sorted(hit)
    return flags
