"""Page parts shared by every dashboard page: context, metric headings, tables with downloads, charts.

``app.py`` builds a ``Context`` on every run (snapshot identity, filters, catalogue, quality flags)
and stores it in the session; pages fetch it with ``context()``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards import data_access, exports
from dashboards.filters import Filters
from samrehab.read import alt, charts, comparisons
from samrehab.read.formatting import MetricInfo, catalogue_info, visible_columns
from samrehab.read.labels import entity_label, t
from samrehab.read.provisional import PROVISIONAL_LABEL, ShownPeriod, provisional_note, shown_period

CONTEXT_KEY = "_samrehab_context"
FLAG = "⚠"


@dataclass
class Context:
    """Everything a page needs besides its own queries."""

    snapshot: data_access.Snapshot
    filters: Filters
    catalogue: pd.DataFrame
    infos: dict[str, MetricInfo]
    flags: dict[str, list[str]] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        """Language of the labels."""
        return self.filters.lang

    def metrics_of(self, prefixes: Iterable[str]) -> list[str]:
        """Catalogue metric ids starting with any of ``prefixes`` (effect goal or metric id), catalogue order."""
        prefixes = tuple(prefixes)
        return [metric_id for metric_id in self.infos if metric_id.startswith(prefixes)]


def build_context(snapshot: data_access.Snapshot, filters: Filters) -> Context:
    """The context of one run."""
    catalogue = data_access.reference(snapshot, "metric_catalogue")
    # only checks that concern the selected period (a unit's missing month marks that month, quarter, year)
    flags = data_access.flagged_metrics(snapshot, catalogue, filters.region, filters.period)
    # Metrics built on flagged data carry the marker in their name: headings, tables, charts, choices.
    infos = {metric_id: replace(info, name=f"{info.name} {FLAG}") if metric_id in flags else info
             for metric_id, info in catalogue_info(catalogue, filters.lang).items()}
    return Context(snapshot=snapshot, filters=filters, catalogue=catalogue, infos=infos, flags=flags)


def context() -> Context:
    """The context ``app.py`` stored for this run."""
    return st.session_state[CONTEXT_KEY]


def flagged_entities(ctx: Context, metric_id: str) -> str:
    """The flagged source entities of ``metric_id``, named in the user's language (``besök, remisser``)."""
    return ", ".join(entity_label(entity, ctx.lang) for entity in ctx.flags.get(metric_id, []))


def metric_heading(ctx: Context, info: MetricInfo, level: str = "subheader") -> None:
    """Metric name (with ⚠ when its data are flagged), unit and polarity, and its definition one click away."""
    flagged = info.metric_id in ctx.flags
    (st.subheader if level == "subheader" else st.markdown)(info.name if level == "subheader" else f"**{info.name}**")
    polarity = {True: "higher_is_better", False: "lower_is_better", None: "no_polarity"}[info.higher_is_better]
    st.caption(f"{info.axis_unit} · {t(polarity, ctx.lang)} · {info.metric_id}")
    if flagged:
        st.warning(t("quality_flag", ctx.lang, entities=flagged_entities(ctx, info.metric_id)), icon="⚠️")
    with st.expander(t("definition", ctx.lang)):
        st.markdown(info.definition)
        st.caption(
            f"{t('col_interval', ctx.lang)}: {comparisons.interval_label(info, ctx.lang)} · "
            f"{t('col_source', ctx.lang)}: {', '.join(info.source_entities)} · "
            f"{t('col_attribution', ctx.lang)}: {info.attribution}"
        )


def show_figure(fig: go.Figure, key: str, *, table: pd.DataFrame | None = None, summary: str | None = None) -> None:
    """A plotly chart with PNG export in its mode bar and its text alternatives: an ``aria-label``
    summary on the chart (role ``figure``) and its data as a table one click away (``table``, else the
    points the figure draws, as a plain HTML table)."""
    lang = st.session_state[CONTEXT_KEY].lang if CONTEXT_KEY in st.session_state else "sv"
    box = "fig_" + re.sub(r"[^A-Za-z0-9_-]", "_", key)
    with st.container(key=box):
        st.plotly_chart(fig, key=key, config=charts.plotly_config(key), width="stretch")
    label = summary or alt.figure_summary(fig, lang)
    # The label travels in a data attribute and one unchanging script applies it, so the served
    # content-security policy allows the script by its hash (docs/security.md), never 'unsafe-inline'.
    st.html(f'<span hidden data-samrehab-aria-box="{html.escape(f"st-key-{box}")}" '
            f'data-samrehab-aria-label="{html.escape(label)}"></span><script>{ARIA_SCRIPT}</script>',
            unsafe_allow_javascript=True)
    with st.expander(t("alt_table", lang)):
        data = table[visible_columns(table)] if table is not None else alt.figure_table(fig, lang)
        # a plain HTML table (st.table): read by screen readers, unlike the canvas grid of st.dataframe
        st.table(data.reset_index(drop=True).astype(str))


# Puts each chart's summary on it once it is drawn (Streamlit offers no attribute for it). The text is
# fixed: its SHA-256 is in the content-security policy of docs/security.md (tests/test_signin_e2e.py).
ARIA_SCRIPT = """(function () {
  let tries = 0;
  const apply = () => {
    let waiting = 0;
    document.querySelectorAll("[data-samrehab-aria-box]").forEach((marker) => {
      const box = marker.getAttribute("data-samrehab-aria-box");
      const chart = document.querySelector('[class~="' + box + '"] [data-testid="stPlotlyChart"]');
      if (chart) {
        chart.setAttribute("role", "figure");
        chart.setAttribute("aria-label", marker.getAttribute("data-samrehab-aria-label"));
      } else {
        waiting += 1;
      }
    });
    if (waiting && tries++ < 100) { setTimeout(apply, 200); }
  };
  apply();
})();"""


def show_table(ctx: Context, table: pd.DataFrame, key: str, note: bool = True) -> None:
    """A display table (suppression applied) with CSV and Excel downloads of exactly the shown columns
    (the workbook also defines the table's metrics and gives the data cut-off)."""
    if table.empty:
        st.info(t("no_rows", ctx.lang))
        return
    shown = visible_columns(table)
    period_column = t("col_period", ctx.lang)
    provisional = period_column in table.columns and table[period_column].astype(str).str.contains(
        PROVISIONAL_LABEL, regex=False).any()
    # a provisional period's label is long: its column is widened so the label is read, not cut
    config = {period_column: st.column_config.TextColumn(width="large")} if provisional else None
    st.dataframe(table, hide_index=True, column_order=shown, key=f"table_{key}", width="stretch",
                 column_config=config)
    download = table[shown]
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        t("download_csv", ctx.lang), exports.to_csv_bytes(download, ctx.lang), file_name=f"{key}.csv",
        mime="text/csv", key=f"csv_{key}", on_click="ignore",
    )
    workbook = exports.to_xlsx_bytes(table, ctx.lang, infos=ctx.infos, as_of=data_access.data_as_of(ctx.snapshot))
    right.download_button(
        t("download_xlsx", ctx.lang), workbook, file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{key}",
        on_click="ignore",
    )
    if provisional:
        st.caption(t("provisional_table_note", ctx.lang))
    if note:
        st.caption(t("suppressed_note", ctx.lang))


def no_table(ctx: Context, table: str) -> None:
    """Say that a mart is not in the snapshot yet."""
    st.info(t("no_data_table", ctx.lang, table=f"marts.{table}"))


def subgroup_name(ctx: Context) -> str | None:
    """Label of the profession / diagnosis-group subgroup chosen in the sidebar, or ``None``."""
    dimension, code = ctx.filters.subgroup
    if dimension == "total":
        return None
    groups = data_access.filter_options(ctx.snapshot)["groups"]
    match = groups[(groups["dimension"] == dimension) & (groups["group_code"] == code)]
    if match.empty:
        return code
    return str(match.iloc[0]["group_label_en" if ctx.lang == "en" else "group_label"])


def note_subgroup_ignored(ctx: Context) -> None:
    """On pages that always show all patients, say so when a subgroup is chosen."""
    name = subgroup_name(ctx)
    if name:
        st.caption(t("subgroup_ignored", ctx.lang, group=name))


def shown_period_of(ctx: Context, totals: pd.DataFrame) -> ShownPeriod:
    """The period a page shows for one metric (``totals``: its total rows of the selected period type, up to
    the selected period): the latest complete one when the default period is provisional for it."""
    selection = ctx.filters
    return shown_period(totals, selection.period, selection.previous_period, selection.period_is_default,
                        selection.period_start)


def note_shown_period(ctx: Context, shown: ShownPeriod) -> None:
    """Say which period is shown: the latest complete one instead of a provisional default, or that a chosen
    period is provisional (with its observed share)."""
    if shown.fell_back:
        st.info(t("provisional_fallback", ctx.lang, period=shown.period, chosen=shown.chosen,
                  note=provisional_note(shown.chosen_row, ctx.lang)))
    elif provisional_note(shown.chosen_row, ctx.lang):
        st.warning(t("provisional_chosen", ctx.lang, period=shown.period,
                     note=provisional_note(shown.chosen_row, ctx.lang)))
