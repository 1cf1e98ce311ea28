"""Datakvalitet / Data quality: results of the checks (``marts.data_quality_results``) and the metrics they
affect (marked ⚠ on every page)."""

import streamlit as st

from dashboards import charts, data_access, ui
from dashboards.i18n import t

ctx = ui.context()
st.title(t("page_quality", ctx.lang))
st.caption(t("quality_intro", ctx.lang))
results = data_access.read_table(ctx.snapshot, "data_quality_results", {"region_code": ctx.filters.region})
if results is None:
    ui.no_table(ctx, "data_quality_results")
else:
    if ctx.flags:
        names = [f"{ctx.infos[m].name} ({', '.join(e)})" for m, e in ctx.flags.items() if m in ctx.infos]
        st.warning(t("quality_affected", ctx.lang, metrics="; ".join(names)), icon="⚠️")
    else:
        st.success(t("quality_none_affected", ctx.lang))
    ui.show_figure(charts.quality_chart(results, ctx.lang, title=t("quality_by_dimension", ctx.lang)),
                   key="datakvalitet_dimensioner")
    only_failed = st.toggle(t("quality_only_failed", ctx.lang), value=True, key="dq_failed")
    shown = results
    if only_failed and "passed" in results.columns:
        shown = results[~results["passed"].fillna(False).astype(bool)]
    ui.show_table(ctx, shown.reset_index(drop=True), key="datakvalitet", note=False)
