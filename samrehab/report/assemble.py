"""Put the report together from the marts' rows: front page, then the sections in the order of the issue."""

from __future__ import annotations

from datetime import date

import pandas as pd

from samrehab.read.formatting import MetricInfo, catalogue_info
from samrehab.read.goals import headline_metrics
from samrehab.read.labels import t
from samrehab.read.provisional import observed_text, provisional_metrics
from samrehab.report.appendix import appendix_section
from samrehab.report.before_after import before_after_section
from samrehab.report.equity import equity_section
from samrehab.report.goals import goals_section
from samrehab.report.inputs import ReportInputs
from samrehab.report.model import FrontPage, Report
from samrehab.report.quality import flagged_metric_ids, quality_section, quality_sentence, quarter_issues
from samrehab.report.trends import trends_section


def region_name(inputs: ReportInputs, lang: str) -> str:
    """The region's name from the reference table (its code when unknown)."""
    rows = inputs.regions[inputs.regions["region_code"] == inputs.region]
    if rows.empty:
        return inputs.region
    return str(rows.iloc[0]["region_name_en" if lang == "en" else "region_name_sv"])


def provisional_sentence(totals: pd.DataFrame, infos: dict[str, MetricInfo], quarter: str, lang: str) -> str:
    """Page 1: the metrics whose ``quarter`` is provisional, each with its observed share, or that none is."""
    provisional = provisional_metrics(totals, quarter)
    if "period_status" not in totals.columns:
        return ""
    if provisional.empty:
        return t("report_provisional_none", lang, quarter=quarter)
    listed = "; ".join(f"{infos[row.metric_id].name} ({observed_text(row.observed_share, lang)})"
                       for row in provisional.itertuples(index=False) if row.metric_id in infos)
    return t("report_provisional_intro", lang, quarter=quarter) + " " + listed + "."


def build_report(inputs: ReportInputs, lang: str, created: date) -> Report:
    """The whole report in ``lang`` (``sv`` or ``en``) from ``inputs``; no number is computed here."""
    infos = catalogue_info(inputs.catalogue, lang)
    quarter = inputs.quarter
    goal_names = dict(zip(inputs.effect_goals["effect_goal"],
                          inputs.effect_goals["name_en" if lang == "en" else "name_sv"], strict=False))
    issues = quarter_issues(inputs.quality, quarter)
    flagged = flagged_metric_ids(issues)
    headlines = headline_metrics(inputs.goal_status, infos, inputs.quarterly_totals, quarter.label)
    goals = goals_section(headlines, infos, goal_names, quarter, inputs.quarter_values, inputs.quarterly_totals,
                          inputs.goal_status, flagged, lang, inputs.spc)
    equity, equity_metrics = equity_section(inputs.equity_gaps, inputs.quarter_values, infos, inputs.dimensions,
                                            quarter, lang, region=inputs.region)
    headline_ids = [m for metric_ids in headlines.values() for m in metric_ids if m in infos]
    proportions = [m for m in headline_ids if infos[m].is_share]
    trends, trend_metrics = trends_section(proportions, infos, inputs.spc, quarter, lang)
    before_after, before_after_metrics = before_after_section(inputs.before_after, infos, lang)
    shown = list(dict.fromkeys(headline_ids + equity_metrics + trend_metrics + before_after_metrics))
    quality = quality_section(inputs.quality, issues, quarter, shown, infos, lang)
    appendix = appendix_section(shown, infos, lang)
    name = region_name(inputs, lang)
    front = FrontPage(
        title=t("report_title", lang),
        subtitle=t("report_subtitle", lang),
        region_code=inputs.region,
        region_name=name,
        quarter=quarter.label,
        extract_date=str(inputs.extract_date) if inputs.extract_date else t("extract_unknown", lang),
        created=str(created),
        quality_sentence=quality_sentence(inputs.quality, issues, lang),
        provisional_sentence=provisional_sentence(inputs.quarterly_totals, infos, quarter.label, lang),
    )
    return Report(
        lang=lang,
        front=front,
        sections=[goals, equity, trends, before_after, quality, appendix],
        suppressed_footnote=t("suppressed_footnote", lang),
        footer=t("footer", lang, region=name, quarter=quarter.label, page="{page}", pages="{pages}"),
        shown_metrics=shown,
    )
