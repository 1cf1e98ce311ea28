"""Provisional periods in what users read: the label, the observed share and the latest complete period.

``marts.metric_values`` gives every row ``period_status`` (``complete``/``provisional``) and
``observed_share`` (docs/metric_decisions.md, "Provisional periods (second wave)"). Headlines default to
the latest complete period of each metric; a provisional period that a user chooses is labelled
``Preliminär / Provisional`` with its observed share wherever it appears. Pure functions over rows and
frames: no Streamlit, no database. Rows without the columns (older snapshots) count as complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

#: The label of a provisional value, in both languages on every page.
PROVISIONAL_LABEL = "Preliminär / Provisional"

_OBSERVED = {"sv": "{share} observerat", "en": "{share} observed"}


def is_provisional(row: Mapping | pd.Series | None) -> bool:
    """Whether the row of ``marts.metric_values`` (or of a mart that copies its status) is provisional."""
    if row is None:
        return False
    status = row.get("period_status")
    return isinstance(status, str) and status == "provisional"


def observed_text(share: object, lang: str) -> str:
    """``2 % observerat`` / ``2 % observed`` (whole percent; below 1 % with one decimal, never 0 %
    for a share above 0 nor 100 % for a share below 1)."""
    if share is None or pd.isna(share):
        return ""
    value = float(share) * 100
    if 0 < value < 1:
        number = f"{value:.1f}"
    elif 99 < value < 100:
        number = "99"
    else:
        number = f"{value:.0f}"
    if lang != "en":
        number = number.replace(".", ",")
    return _OBSERVED.get(lang, _OBSERVED["sv"]).format(share=f"{number}\u00a0%")


def provisional_note(row: Mapping | pd.Series | None, lang: str) -> str:
    """``Preliminär / Provisional (2 % observerat)`` for a provisional row, else the empty string."""
    if not is_provisional(row):
        return ""
    observed = observed_text(row.get("observed_share"), lang)  # type: ignore[union-attr]
    return f"{PROVISIONAL_LABEL} ({observed})" if observed else PROVISIONAL_LABEL


def period_label(period: object, row: Mapping | pd.Series | None, lang: str) -> str:
    """The period as a user reads it: ``2025Q3``, or ``2025Q4 · Preliminär / Provisional (2 % observerat)``."""
    note = provisional_note(row, lang)
    return f"{period} · {note}" if note else str(period)


def latest_complete_period(rows: pd.DataFrame, until: object = None) -> str | None:
    """The latest complete period among ``rows`` (one metric, region, period type, slice and group),
    at or before the period starting ``until`` when given; None when no row is complete."""
    if rows.empty:
        return None
    data = rows
    if "period_status" in data.columns:
        data = data[data["period_status"].fillna("complete") == "complete"]
    if until is not None and "period_start" in data.columns:
        data = data[pd.to_datetime(data["period_start"]) <= pd.Timestamp(until)]
    if data.empty:
        return None
    return str(data.sort_values("period_start").iloc[-1]["period"])


def provisional_metrics(rows: pd.DataFrame, period: str) -> pd.DataFrame:
    """The provisional metrics of ``period`` in ``rows`` (dimension total rows of metric_values), one row
    per metric with its observed share, least observed first."""
    columns = ["metric_id", "observed_share"]
    if rows.empty or "period_status" not in rows.columns:
        return pd.DataFrame(columns=columns)
    hits = rows[(rows["period"] == period) & (rows["period_status"] == "provisional")]
    hits = hits.groupby("metric_id", as_index=False)["observed_share"].min()
    return hits.sort_values(["observed_share", "metric_id"]).reset_index(drop=True)[columns]


def previous_period(period: str) -> str:
    """The period before ``period``: ``2025Q3`` -> ``2025Q2``, ``2025-01`` -> ``2024-12``, ``2025`` -> ``2024``."""
    if "Q" in period:
        year, quarter = int(period[:4]), int(period[5:])
        return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"
    if "-" in period:
        year, month = int(period[:4]), int(period[5:7])
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    return str(int(period) - 1)


@dataclass(frozen=True)
class ShownPeriod:
    """The period a headline shows for a metric, and the chosen one it stands in for."""

    period: str | None
    previous: str | None
    chosen: str | None
    chosen_row: dict | None

    @property
    def fell_back(self) -> bool:
        """Whether the headline shows an earlier, complete period instead of the chosen provisional one."""
        return self.period != self.chosen


def shown_period(rows: pd.DataFrame, chosen: str | None, previous: str | None, default_choice: bool,
                 until: object = None) -> ShownPeriod:
    """The period a headline of one metric shows (``rows``: its total rows of one period type).

    The chosen period when it is complete, or when the user chose it (``default_choice`` False: it is
    then labelled provisional); otherwise, for the default choice, the latest complete period at or
    before it, with the period before that as the comparison.
    """
    current = rows[rows["period"] == chosen] if chosen is not None and not rows.empty else rows.iloc[0:0]
    chosen_row = current.iloc[0].to_dict() if not current.empty else None
    if chosen is None or not default_choice or not is_provisional(chosen_row):
        return ShownPeriod(chosen, previous, chosen, chosen_row)
    latest = latest_complete_period(rows, until)
    if latest is None:
        return ShownPeriod(chosen, previous, chosen, chosen_row)
    return ShownPeriod(latest, previous_period(latest), chosen, chosen_row)
