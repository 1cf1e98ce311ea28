"""Write the quarterly report: read the snapshot, assemble, write the HTML, print the PDF."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from samrehab.report.model import Quarter

FILE_STEM = {"sv": "kvartalsrapport", "en": "quarterly_report"}


@dataclass
class ReportFiles:
    """What ``write_report`` produced and how long each step took (seconds)."""

    html: Path
    pdf: Path | None
    charts: int
    timings: dict[str, float] = field(default_factory=dict)
    pdf_problem: str | None = None  # why no PDF was printed (Chromium missing), when asked for one
    blocked_requests: tuple[str, ...] = ()


def file_stem(region: str, quarter: Quarter, lang: str) -> str:
    """``kvartalsrapport_19_2025Q3_sv`` / ``quarterly_report_19_2025Q3_en``."""
    return f"{FILE_STEM.get(lang, FILE_STEM['sv'])}_{region}_{quarter.label}_{lang}"


def write_report(snapshot_file: Path, region: str, quarter: Quarter, out_dir: Path, lang: str = "sv", *,
                 pdf: bool = True, created: date | None = None) -> ReportFiles:
    """Write the report for ``region`` and ``quarter`` from the published snapshot into ``out_dir``.

    The HTML is always written. With ``pdf`` the same HTML is printed by Chromium; when Chromium is
    missing ``ReportFiles.pdf`` is ``None`` and ``pdf_problem`` says why. Raises
    ``SnapshotMissingError`` / ``ReportInputError`` (from ``samrehab.report.inputs``) when there is
    nothing to report on.
    """
    from samrehab.report.assemble import build_report
    from samrehab.report.inputs import read_inputs
    from samrehab.report.pdf import ChromiumMissingError, chromium_problem, print_pdf
    from samrehab.report.render import chart_count, write_html

    timings: dict[str, float] = {}
    started = time.perf_counter()
    inputs = read_inputs(Path(snapshot_file), region, quarter)
    timings["read"] = time.perf_counter() - started
    step = time.perf_counter()
    report = build_report(inputs, lang, created or date.today())
    timings["assemble"] = time.perf_counter() - step
    step = time.perf_counter()
    stem = file_stem(region, quarter, lang)
    html_path = write_html(report, Path(out_dir) / f"{stem}.html")
    timings["html"] = time.perf_counter() - step
    files = ReportFiles(html=html_path, pdf=None, charts=chart_count(report), timings=timings)
    if not pdf:
        return files
    files.pdf_problem = chromium_problem()
    if files.pdf_problem:
        return files
    step = time.perf_counter()
    try:
        printed = print_pdf(html_path, Path(out_dir) / f"{stem}.pdf", files.charts, report.footer)
    except ChromiumMissingError as exc:
        files.pdf_problem = str(exc)
        return files
    timings["pdf"] = time.perf_counter() - step
    files.pdf, files.blocked_requests = printed.path, printed.blocked_requests
    return files
