"""Everything the report reads, in one place, through ``samrehab.read.queries`` (filters only).

``read_inputs`` opens the published snapshot read-only (one short connection per query, as the
dashboard does) and returns the rows of the marts for one region and quarter. Tables that are not in
the snapshot come back as ``None``; the sections then say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from samrehab.read import queries
from samrehab.report.model import Quarter

SnapshotMissingError = queries.SnapshotMissingError


#: ReportInputs field -> the snapshot's reference table it holds.
REFERENCE_FIELDS = {"catalogue": "metric_catalogue", "effect_goals": "effect_goals", "regions": "regions",
                    "dimensions": "dimensions"}


class ReportInputError(ValueError):
    """The snapshot has no data for the requested region or quarter."""


@dataclass
class ReportInputs:
    """The marts' rows the report shows (``None`` = table absent from the snapshot)."""

    region: str
    quarter: Quarter
    catalogue: pd.DataFrame
    effect_goals: pd.DataFrame
    regions: pd.DataFrame
    dimensions: pd.DataFrame
    quarter_values: pd.DataFrame  # metric_values: the quarter and the one before, care level all, every dimension
    quarterly_totals: pd.DataFrame  # metric_values: quarters up to this one, care level all, dimension total
    equity_gaps: pd.DataFrame | None
    spc: pd.DataFrame | None
    goal_status: pd.DataFrame | None
    before_after: pd.DataFrame | None
    quality: pd.DataFrame | None
    extract_date: date | None  # the data cut-off: marts.snapshot_info.extract_date


def available_quarters(snapshot: queries.Snapshot, region: str) -> list[str]:
    """Quarters with rows for ``region`` in ``marts.metric_values``."""
    periods = queries.filter_options(snapshot)["periods"]
    if periods.empty:
        return []
    rows = queries.metric_values(snapshot, region=region, period_type="quarter", dimension="total",
                                     care_level="all")
    return sorted(set(rows["period"])) if not rows.empty else []


def read_inputs(snapshot_file: Path, region: str, quarter: Quarter) -> ReportInputs:
    """Read the report's rows for ``region`` and ``quarter`` from the snapshot at ``snapshot_file``.

    Raises ``queries.SnapshotMissingError`` without a snapshot and ``ReportInputError`` when the
    region or quarter has no rows.
    """
    snapshot = queries.require_snapshot(snapshot_file)
    regions_with_data = queries.filter_options(snapshot)["regions"]
    if region not in regions_with_data:
        raise ReportInputError(
            f"region {region} has no rows in marts.metric_values (regions: {', '.join(regions_with_data) or '-'})"
        )
    frames = [
        queries.metric_values(snapshot, region=region, period_type="quarter", care_level="all", period=period)
        for period in (quarter.label, quarter.previous.label)
    ]
    quarter_values = pd.concat([frame for frame in frames if not frame.empty] or [frames[0]], ignore_index=True)
    if frames[0].empty:
        raise ReportInputError(
            f"{quarter.label} has no rows for region {region} (quarters: "
            f"{', '.join(available_quarters(snapshot, region)) or '-'})"
        )
    quarterly_totals = queries.metric_values(snapshot, region=region, period_type="quarter", care_level="all",
                                                 dimension="total", until=quarter.start)
    equity = queries.read_table(snapshot, "equity_gaps", {"region_code": region, "period_type": "quarter",
                                                               "period": quarter.label, "care_level": "all"})
    spc = queries.read_table(snapshot, "metric_spc", {"region_code": region, "care_level": "all"})
    status = queries.read_table(snapshot, "effect_goal_status", {"region_code": region})
    before_after = queries.read_table(snapshot, "before_after", {"region_code": region, "care_level": "all"})
    quality = queries.quality_results(snapshot, region)
    # marts.snapshot_info.extract_date (a snapshot published before it existed: the cut-off the goal-status
    # and before/after marts carry), read as the dashboard reads it
    extract = queries.data_as_of(snapshot)
    references = {field: queries.reference(snapshot, table) for field, table in REFERENCE_FIELDS.items()}
    return ReportInputs(region=region, quarter=quarter, quarter_values=quarter_values,
                        quarterly_totals=quarterly_totals, equity_gaps=equity, spc=spc, goal_status=status,
                        before_after=before_after, quality=quality, extract_date=extract, **references)
