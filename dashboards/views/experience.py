"""Patientupplevelse / Patient experience: E5 survey metrics and handover, and patient stories counted
by theme (their text never reaches the dashboard)."""

import streamlit as st

from dashboards import data_access, ui
from dashboards.theme import render_theme
from samrehab.read import charts
from samrehab.read.formatting import display_table
from samrehab.read.labels import t

STORIES = "E5.patient_stories_count"

ctx = ui.context()
render_theme(
    ctx, "page_experience",
    ctx.metrics_of(["E5.participation_positive_share", "E5.continuity_positive_share", "E5.handover_within_14d_share"]),
    "patientupplevelse",
)
st.subheader(t("stories_title", ctx.lang))
st.caption(t("stories_note", ctx.lang))
stories = data_access.metric_values(
    ctx.snapshot, metric_ids=STORIES, region=ctx.filters.region, period_type=ctx.filters.period_type,
    period=ctx.filters.period, care_level=ctx.filters.care_level, dimension="theme",
)
if stories.empty:
    st.info(f"{ctx.infos[STORIES].name}: {t('no_data_yet', ctx.lang)}")
else:
    info = ctx.infos[STORIES]
    ui.metric_heading(ctx, info, level="markdown")
    ui.show_figure(charts.bar_with_intervals(stories, info, ctx.lang, title=ctx.filters.period), key="berattelser")
    ui.show_table(ctx, display_table(stories, ctx.infos, ctx.lang), key="patientberattelser")
