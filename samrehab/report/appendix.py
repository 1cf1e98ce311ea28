"""Appendix: the metric catalogue's definition of every metric the report shows."""

from __future__ import annotations

from samrehab.read.formatting import MetricInfo
from samrehab.read.labels import t
from samrehab.report.model import Block, Cell, Section, Table

POLARITY = {True: "higher_is_better", False: "lower_is_better", None: "no_polarity"}


def definitions_table(metric_ids: list[str], infos: dict[str, MetricInfo], lang: str) -> Table:
    """One row per metric, in catalogue order: name and id, definition, unit, polarity, interval, source."""
    columns = [t("col_metric", lang), t("col_definition", lang), t("col_unit", lang), t("col_polarity", lang),
               t("col_interval", lang), t("col_source", lang), t("col_attribution", lang)]
    wanted = set(metric_ids)
    body = []
    for metric_id, info in infos.items():
        if metric_id not in wanted:
            continue
        body.append([
            Cell(f"{info.name} ({metric_id})"), Cell(info.definition), Cell(info.axis_unit),
            Cell(t(POLARITY[info.higher_is_better], lang)), Cell(t(f"interval_{info.value_type}", lang)),
            Cell(", ".join(info.source_entities)), Cell(info.attribution),
        ])
    return Table(columns, body, ["text"] * len(columns), css="definitions")


def appendix_section(metric_ids: list[str], infos: dict[str, MetricInfo], lang: str) -> Section:
    """The appendix section."""
    section = Section("appendix", t("section_appendix", lang))
    section.add(Block("paragraph", text=t("appendix_intro", lang)))
    section.add(Block("table", table=definitions_table(metric_ids, infos, lang)))
    section.add(Block("note", text=t("suppressed_footnote", lang)))
    section.add(Block("note", text=t("missing_footnote", lang)))
    return section
