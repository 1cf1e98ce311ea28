"""Data quality in the report: the front page's one-sentence summary and the section listing the checks that
flagged data of the region in the quarter (``marts.data_quality_results``)."""

from __future__ import annotations

import pandas as pd

from samrehab.read import charts
from samrehab.read.formatting import MetricInfo, format_number
from samrehab.read.labels import entity_label, t
from samrehab.report.model import Block, Cell, Figure, Quarter, Section, Table

SEVERITY_ORDER = {"error": 0, "warning": 1}


def quarter_issues(quality: pd.DataFrame | None, quarter: Quarter) -> pd.DataFrame | None:
    """Failed checks that concern the quarter: a period in it (month or quarter label) or no period (the
    whole delivery). ``quality`` is already limited to the region and to rows without a region."""
    if quality is None:
        return None
    failed = quality[~quality["passed"].fillna(False).astype(bool)]
    periods = set(quarter.months) | {quarter.label}
    in_quarter = failed["period"].isna() | failed["period"].astype(str).isin(periods)
    issues = failed[in_quarter].copy()
    issues["_order"] = issues["severity"].map(SEVERITY_ORDER).fillna(2)
    return issues.sort_values(["_order", "check_name", "period"], na_position="first").drop(columns="_order")


def flagged_metric_ids(issues: pd.DataFrame | None) -> set[str]:
    """Metrics named in ``affected_metrics`` (``;``-separated) of the quarter's failed checks."""
    if issues is None or issues.empty or "affected_metrics" not in issues.columns:
        return set()
    return {part.strip() for text in issues["affected_metrics"].dropna() for part in str(text).split(";")
            if part.strip()}


def quality_sentence(quality: pd.DataFrame | None, issues: pd.DataFrame | None, lang: str) -> str:
    """One sentence: checks passed for the region, errors and warnings that concern the quarter."""
    if quality is None or issues is None:
        return t("quality_missing", lang)
    checks = len(quality)
    passed = int(quality["passed"].fillna(False).astype(bool).sum())
    number = lambda value: format_number(value, 0, lang)  # noqa: E731
    if issues.empty:
        return t("quality_clean", lang, checks=number(checks))
    errors = int((issues["severity"] == "error").sum())
    warnings = int((issues["severity"] != "error").sum())
    entities = sorted({entity_label(str(e), lang) for e in issues["entity"].dropna()})
    return t(
        "quality_summary", lang, passed=number(passed), checks=number(checks),
        errors=t("n_error" if errors == 1 else "n_errors", lang, n=errors),
        warnings=t("n_warning" if warnings == 1 else "n_warnings", lang, n=warnings),
        entities=t("quality_entities", lang, entities=", ".join(entities)) if entities else "",
    )


def quality_section(quality: pd.DataFrame | None, issues: pd.DataFrame | None, quarter: Quarter,
                    shown: list[str], infos: dict[str, MetricInfo], lang: str) -> Section:
    """The quarter's failed checks with their message and the report's metrics they affect."""
    section = Section("quality", t("section_quality", lang))
    if quality is None or issues is None:
        section.add(Block("paragraph", text=t("no_table", lang, table="marts.data_quality_results")))
        return section
    section.add(Block("paragraph", text=quality_sentence(quality, issues, lang)))
    section.add(Block("paragraph", text=t("report_quality_intro", lang, months=", ".join(quarter.months))))
    if issues.empty:
        section.add(Block("paragraph", text=t("quality_none", lang)))
    else:
        body = []
        for row in issues.to_dict("records"):
            affected = [m.strip() for m in str(row.get("affected_metrics") or "").split(";") if m.strip() in shown]
            severity = str(row.get("severity"))
            body.append([
                Cell(t(f"severity_{severity}", lang) if severity in SEVERITY_ORDER else severity,
                     "worse" if severity == "error" else ""),
                Cell(str(row.get("dimension") or "")),
                Cell(str(row.get("message_en" if lang == "en" else "message_sv") or "")),
                Cell(", ".join(infos[m].name for m in affected if m in infos) or "–"),
            ])
        columns = [t("quality_severity", lang), t("quality_dimension", lang), t("quality_message", lang),
                   t("report_quality_affected", lang)]
        section.add(Block("table", table=Table(columns, body, ["text"] * 4, css="quality")))
    figure = charts.quality_chart(quality, lang, title=t("quality_chart_title", lang))
    section.add(Block("figure", figure=Figure("quality-dimensions", figure)))
    return section
