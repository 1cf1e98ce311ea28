"""Sidebar filters (language, region, period, care level, profession, diagnosis group), kept in the URL.

Every filter is mirrored in a query parameter named after its widget key, written on every run
with the code (never the translated label) of the choice, so a copied link reproduces the view in
either language. The parameters are ``lang``, ``region``, ``ptype``, ``period``, ``care``, ``prof``
and ``diag``; pages add their own (``metric``, ``dim``) with ``url_widget``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboards import data_access
from samrehab.read.labels import DEFAULT_LANG, LANGUAGES, t

PERIOD_TYPES = ("quarter", "month", "year")
ALL = "all"


@dataclass(frozen=True)
class Filters:
    """The current selection, as plain data for the pages."""

    lang: str
    region: str | None
    period_type: str
    period: str | None
    period_start: date | None
    previous_period: str | None
    care_level: str
    profession: str = ALL
    diagnosis_group: str = ALL
    # the period is the default (not the user's choice): headlines then show each metric's latest
    # complete period when this one is provisional for it (samrehab.read.provisional.shown_period)
    period_is_default: bool = False

    @property
    def subgroup(self) -> tuple[str, str]:
        """``(dimension, group_code)`` the theme pages show: a profession or diagnosis group, else the total."""
        if self.profession != ALL:
            return "profession", self.profession
        if self.diagnosis_group != ALL:
            return "diagnosis_group", self.diagnosis_group
        return "total", "total"


def url_widget(
    widget: Callable[..., Any], label: str, options: Sequence[str], key: str, default: str | None = None,
    **kwargs: Any,
) -> Any:
    """Draw a single-choice widget (``st.selectbox``, ``st.radio``, or their sidebar versions) whose choice
    starts from the URL parameter ``key`` (when valid), survives reruns, and is written back to the URL."""
    options = list(options)
    if not options:
        return None
    fallback = default if default in options else options[0]
    if st.session_state.get(key) not in options:
        from_url = st.query_params.get(key)
        st.session_state[key] = from_url if from_url in options else fallback
    value = widget(label, options, key=key, **kwargs)
    if value is not None:
        st.query_params[key] = str(value)
    return value


def period_end(period_type: str, start: date) -> date:
    """Last day of the month, quarter or year starting at ``start``."""
    months = {"month": 1, "quarter": 3, "year": 12}[period_type]
    following = pd.Timestamp(start) + pd.DateOffset(months=months)
    return (following - pd.Timedelta(days=1)).date()


def default_period(periods: pd.DataFrame, cutoff: date | None) -> str | None:
    """The latest period that ended by the data cut-off (a complete period); the latest one without a cut-off.

    ``periods``: rows of one period type (``period_type``, ``period``, ``period_start``), latest first.
    """
    if periods.empty:
        return None
    if cutoff is not None:
        for row in periods.itertuples(index=False):
            if period_end(row.period_type, pd.Timestamp(row.period_start).date()) <= cutoff:
                return str(row.period)
    return str(periods.iloc[0]["period"])


def _label_map(frame: pd.DataFrame, code: str, column: str) -> dict[str, str]:
    return dict(zip(frame[code], frame[column], strict=False)) if not frame.empty else {}


def render_sidebar(snapshot: data_access.Snapshot) -> Filters:
    """Draw the sidebar filters and return the selection."""
    sidebar = st.sidebar
    lang = url_widget(
        sidebar.radio, t("language", DEFAULT_LANG), LANGUAGES, key="lang", horizontal=True,
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
    )
    options = data_access.filter_options(snapshot)
    regions_ref = data_access.reference(snapshot, "regions")
    region_names = _label_map(regions_ref, "region_code", "region_name_en" if lang == "en" else "region_name_sv")
    care_ref = data_access.reference(snapshot, "care_levels")
    care_names = _label_map(care_ref, "care_level", "label_en" if lang == "en" else "label_sv")

    sidebar.subheader(t("filters", lang))
    regions = options["regions"]
    region = url_widget(
        sidebar.selectbox, t("region", lang), regions, key="region",
        format_func=lambda code: region_names.get(code, code),
    )

    periods: pd.DataFrame = options["periods"]
    available_types = [kind for kind in PERIOD_TYPES if not periods.empty and kind in set(periods["period_type"])]
    period_type = url_widget(
        sidebar.radio, t("period_type", lang), available_types or list(PERIOD_TYPES), key="ptype", horizontal=True,
        format_func=lambda kind: t(kind, lang),
    )
    of_type = (
        periods[periods["period_type"] == period_type].sort_values("period_start", ascending=False)
        if not periods.empty else periods
    )
    period_labels = of_type["period"].tolist() if not of_type.empty else []
    fallback_period = default_period(of_type, data_access.data_as_of(snapshot))
    period = url_widget(sidebar.selectbox, t("period", lang), period_labels, key="period", default=fallback_period)
    period_start = None
    previous = None
    if period is not None:
        position = period_labels.index(period)
        period_start = pd.Timestamp(of_type["period_start"].iloc[position]).date()
        previous = period_labels[position + 1] if position + 1 < len(period_labels) else None

    order = [ALL, *care_ref.assign(_order=pd.to_numeric(care_ref["sort_order"], errors="coerce"))
             .sort_values("_order", kind="stable")["care_level"]]  # reference.care_levels, in its order
    levels = [level for level in order if level in set(options["care_levels"])] or [ALL]
    care_level = url_widget(
        sidebar.selectbox, t("care_level", lang), levels, key="care",
        format_func=lambda level: t("all_care_levels", lang) if level == ALL else care_names.get(level, level),
    )

    groups: pd.DataFrame = options["groups"]
    label_column = "group_label_en" if lang == "en" else "group_label"

    def choices(dimension: str) -> tuple[list[str], dict[str, str]]:
        part = groups[groups["dimension"] == dimension] if not groups.empty else groups
        codes = part["group_code"].tolist() if not part.empty else []
        return [ALL] + codes, _label_map(part, "group_code", label_column) if not part.empty else {}

    profession_codes, profession_names = choices("profession")
    profession = url_widget(
        sidebar.selectbox, t("profession", lang), profession_codes, key="prof",
        format_func=lambda code: t("all_groups", lang) if code == ALL else profession_names.get(code, code),
    )
    diagnosis_codes, diagnosis_names = choices("diagnosis_group")
    diagnosis_group = url_widget(
        sidebar.selectbox, t("diagnosis_group", lang), diagnosis_codes, key="diag",
        disabled=profession != ALL,
        format_func=lambda code: t("all_groups", lang) if code == ALL else diagnosis_names.get(code, code),
    )
    if profession != ALL:
        diagnosis_group = ALL
    sidebar.caption(t("subgroup_note", lang))
    return Filters(
        lang=lang,
        region=region,
        period_type=period_type,
        period=period,
        period_start=period_start,
        previous_period=previous,
        care_level=care_level,
        profession=profession or ALL,
        diagnosis_group=diagnosis_group or ALL,
        period_is_default=period is not None and period == fallback_period,
    )
