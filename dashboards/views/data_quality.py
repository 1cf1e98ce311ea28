"""Datakvalitet / Data quality: results of the checks (``marts.data_quality_results``) and the metrics they
affect (marked ⚠ on every page)."""

import pandas as pd
import streamlit as st

from dashboards import data_access, ui
from samrehab.read import charts
from samrehab.read.formatting import format_number
from samrehab.read.labels import t

# (column of marts.data_quality_results, label key); the message column is chosen by language.
COLUMNS = (("check_name", "dq_check"), ("dimension", "dq_dimension"), ("entity", "dq_entity"),
           ("column_name", "dq_column"), ("unit_id", "dq_unit"), ("region_code", "region"), ("period", "period"),
           ("severity", "dq_severity"), ("observed_value", "dq_observed"), ("threshold", "dq_threshold"),
           ("passed", "dq_passed"))


def quality_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The check results as shown: labelled columns, translated dimension and severity, the message."""
    table = pd.DataFrame(index=results.index)
    for column, key in COLUMNS:
        if column not in results.columns:
            continue
        values = results[column]
        if column == "dimension":
            values = values.map(lambda v: t(f"dq_dim_{v}", lang) if f"dq_dim_{v}" in DIMENSION_KEYS else v)
        elif column == "severity":
            values = values.map(lambda v: t(f"dq_sev_{v}", lang) if v in ("error", "warning") else v)
        elif column == "passed":
            values = values.map(lambda v: t("dq_yes", lang) if bool(v) else t("dq_no", lang))
        elif column == "observed_value":
            values = values.map(lambda v: "–" if v is None or pd.isna(v) else format_number(float(v), 3, lang))
        table[t(key, lang)] = values.fillna("–").astype(str)
    message = f"message_{lang}"
    if message in results.columns:
        table[t("dq_message", lang)] = results[message].fillna("").astype(str)
    if "affected_metrics" in results.columns:
        table[t("dq_affected", lang)] = results["affected_metrics"].fillna("").astype(str)
    return table.reset_index(drop=True)


DIMENSION_KEYS = {f"dq_dim_{d}" for d in ("completeness", "conformance", "plausibility", "consistency",
                                           "timeliness")}

ctx = ui.context()
st.title(t("page_quality", ctx.lang))
st.caption(t("quality_intro", ctx.lang))
results = data_access.quality_results(ctx.snapshot, ctx.filters.region)
if results is None:
    ui.no_table(ctx, "data_quality_results")
else:
    if ctx.flags:
        names = [f"{ctx.infos[m].name.removesuffix(' ' + ui.FLAG)} ({ui.flagged_entities(ctx, m)})"
                 for m in ctx.flags if m in ctx.infos]  # the warning is the mark: no ⚠ per name
        st.warning(t("quality_affected", ctx.lang, metrics="; ".join(names)), icon="⚠️")
    else:
        st.success(t("quality_none_affected", ctx.lang))
    shown_dimensions = results.assign(
        dimension=results["dimension"].map(lambda v: t(f"dq_dim_{v}", ctx.lang) if f"dq_dim_{v}" in DIMENSION_KEYS
                                           else v)) if "dimension" in results.columns else results
    ui.show_figure(charts.quality_chart(shown_dimensions, ctx.lang, title=t("quality_by_dimension", ctx.lang)),
                   key="datakvalitet_dimensioner")
    only_failed = st.toggle(t("quality_only_failed", ctx.lang), value=True, key="dq_failed")
    shown = results
    if only_failed and "passed" in results.columns:
        shown = results[~results["passed"].fillna(False).astype(bool)]
    ui.show_table(ctx, quality_table(shown, ctx.lang), key="datakvalitet", note=False)
