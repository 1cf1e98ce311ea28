"""Definitioner / Definitions: every metric of the catalogue with definition, polarity, interval method
and source."""

import pandas as pd
import streamlit as st

from dashboards import ui
from samrehab.read import comparisons
from samrehab.read.labels import t

ctx = ui.context()
lang = ctx.lang
st.title(t("page_definitions", lang))
st.caption(t("definitions_intro", lang))
polarity = {True: "higher_is_better", False: "lower_is_better", None: "no_polarity"}
rows = []
for info in ctx.infos.values():
    rows.append({
        t("col_goal", lang): info.effect_goal,
        t("col_metric_id", lang): info.metric_id,
        t("col_metric", lang): info.name,
        t("col_definition", lang): info.definition,
        t("col_value_type", lang): t("type_" + info.value_type, lang),
        t("col_unit", lang): info.axis_unit,
        t("col_polarity", lang): t(polarity[info.higher_is_better], lang),
        t("col_interval", lang): comparisons.interval_label(info, lang),
        t("col_source", lang): ", ".join(info.source_entities),
        t("col_attribution", lang): info.attribution,
        t("col_completeness", lang): t("completeness_" + info.completeness_rule, lang),
    })
table = pd.DataFrame(rows)
goal = st.segmented_control(t("col_goal", lang), sorted(table[t("col_goal", lang)].unique()), key="goal",
                            selection_mode="multi")
if goal:
    table = table[table[t("col_goal", lang)].isin(goal)]
ui.show_table(ctx, table.reset_index(drop=True), key="definitioner", note=False)
