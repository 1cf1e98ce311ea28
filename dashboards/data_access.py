"""The dashboard's cache over the read package: ``samrehab.read.queries`` wrapped in ``st.cache_data``.

Every function has the signature and the result of its namesake in ``samrehab.read.queries`` (see
there for what it reads); this module only adds the cache, keyed by the snapshot's identity (path,
inode, modification time, size) and the arguments, so a newly published snapshot is a new key and is
read on the next query without a restart. Results are copies (``st.cache_data`` returns a fresh
object per call), so a page may change what it gets. Nothing but caching belongs here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from samrehab.read import queries
from samrehab.read.queries import (  # noqa: F401  (the pages read these through this module)
    KNOWN_TABLES,
    Filter,
    Snapshot,
    SnapshotIncompleteError,
    SnapshotMissingError,
    current_snapshot,
    has_table,
    reference_tables,
    require_snapshot,
    snapshot_path,
    table_columns,
)

SnapshotKey = tuple[str, int, int, int]


def _snapshot(key: SnapshotKey) -> Snapshot:
    return Snapshot(*key)


@st.cache_data(show_spinner=False, max_entries=512)
def _read_table(key: SnapshotKey, table: str, filters: tuple[tuple[str, Any], ...], strict: bool,
                until: date | None) -> pd.DataFrame | None:
    return queries.read_table(_snapshot(key), table, dict(filters), strict=strict, until=until)


def read_table(snapshot: Snapshot, table: str, filters: Mapping[str, Filter] | None = None, *,
               strict: bool = False, until: date | None = None) -> pd.DataFrame | None:
    """Cached ``samrehab.read.queries.read_table``."""
    if table not in KNOWN_TABLES:
        raise ValueError(f"unknown table {table!r}")
    return _read_table(snapshot.key, table, queries.normalise_filters(filters), strict, until)


def _as_key(value: Iterable[str] | str | None) -> tuple[str, ...] | str | None:
    return value if value is None or isinstance(value, str) else tuple(value)


@st.cache_data(show_spinner=False, max_entries=512)
def _metric_values(key: SnapshotKey, **filters: Any) -> pd.DataFrame:
    return queries.metric_values(_snapshot(key), **filters)


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
    """Cached ``samrehab.read.queries.metric_values``."""
    return _metric_values(
        snapshot.key, metric_ids=_as_key(metric_ids), region=region, period_type=period_type, period=period,
        until=until, care_level=_as_key(care_level), dimension=_as_key(dimension), group_codes=_as_key(group_codes),
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _filter_options(key: SnapshotKey) -> dict[str, Any]:
    return queries.filter_options(_snapshot(key))


def filter_options(snapshot: Snapshot) -> dict[str, Any]:
    """Cached ``samrehab.read.queries.filter_options``."""
    return _filter_options(snapshot.key)


@st.cache_data(show_spinner=False, max_entries=16)
def _data_as_of(key: SnapshotKey) -> date | None:
    return queries.data_as_of(_snapshot(key))


def data_as_of(snapshot: Snapshot) -> date | None:
    """Cached ``samrehab.read.queries.data_as_of``."""
    return _data_as_of(snapshot.key)


@st.cache_data(show_spinner=False, max_entries=64)
def _reference(key: SnapshotKey, name: str) -> pd.DataFrame:
    return queries.reference(_snapshot(key), name)


def reference(snapshot: Snapshot, name: str) -> pd.DataFrame:
    """Cached ``samrehab.read.queries.reference``."""
    return _reference(snapshot.key, name)


@st.cache_data(show_spinner=False, max_entries=32)
def _quality_results(key: SnapshotKey, region: str | None, failed_only: bool) -> pd.DataFrame | None:
    reader = queries.failed_quality_checks if failed_only else queries.quality_results
    return reader(_snapshot(key), region)


def quality_results(snapshot: Snapshot, region: str | None = None) -> pd.DataFrame | None:
    """Cached ``samrehab.read.queries.quality_results``."""
    return _quality_results(snapshot.key, region, False)


def failed_quality_checks(snapshot: Snapshot, region: str | None = None) -> pd.DataFrame | None:
    """Cached ``samrehab.read.queries.failed_quality_checks``."""
    return _quality_results(snapshot.key, region, True)


@st.cache_data(show_spinner=False, max_entries=32)
def _flagged_metrics(key: SnapshotKey, catalogue: pd.DataFrame, region: str | None,
                     period: str | None) -> dict[str, list[str]]:
    return queries.flagged_metrics(_snapshot(key), catalogue, region, period)


def flagged_metrics(snapshot: Snapshot, catalogue: pd.DataFrame, region: str | None = None,
                    period: str | None = None) -> dict[str, list[str]]:
    """Cached ``samrehab.read.queries.flagged_metrics``."""
    return _flagged_metrics(snapshot.key, catalogue, region, period)
