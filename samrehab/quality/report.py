"""The data steward's HTML page: ``reports/data_quality/index.html``.

Self-contained (inline styles, no scripts, no network), Swedish with English, organised by
dimension. It links to the great-expectations Data Docs in ``gx/`` for the full expectation
results; those pages load their styles from public CDNs and look plain when opened offline.
The page holds only what ``marts.data_quality_results`` holds: aggregates, no patient data.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from samrehab.quality.model import DIMENSION_LABELS, DIMENSIONS, QualityOutcome
from samrehab.quality.summary import check_summary

#: Failing rows listed per check on the page.
SHOWN_FAILURES = 50

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d1d1d;max-width:72rem}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}.ok{color:#1b6e20}.warning{color:#8a5a00;font-weight:600}
.error{color:#b00020;font-weight:700}.en{color:#666;font-size:.85rem}.verdict{font-size:1.2rem;padding:.5rem;
border-radius:.3rem;display:inline-block}.pass{background:#e6f4ea}.fail{background:#fde7e9}
"""
_STATUS_TEXT = {"ok": "OK", "warning": "varning / warning", "error": "fel / error"}


def _e(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _split_fix(message: str, check_name: str, check_word: str, fix_word: str) -> tuple[str, str]:
    """Split a failure message into what was found and the fix (``... Check <name>. Fix: ...``)."""
    marker = f" {check_word} {check_name}. {fix_word}: "
    if marker in message:
        body, fix = message.split(marker, 1)
        return body, fix
    return message, ""


def render_report(outcome: QualityOutcome, warehouse_name: str, docs_link: str | None) -> str:
    """The HTML of the summary page."""
    summary = check_summary(outcome.results)
    failed = outcome.failed()
    checked_at = outcome.results["checked_at"].iloc[0] if not outcome.results.empty else ""
    verdict = ("pass", "Godkänd: inga kontroller på felnivå underkända / passed: no error-level check failed") \
        if outcome.passed else ("fail", "Underkänd: minst en kontroll på felnivå underkänd, inget publiceras / "
                                        "failed: at least one error-level check failed, nothing is published")
    parts = [
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>",
        "<title>Datakvalitet / Data quality</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>Datakvalitet <span class='en'>/ Data quality</span></h1>",
        f"<p>Lager / warehouse: <code>{_e(warehouse_name)}</code> · kontrollerat / checked: {_e(checked_at)} · "
        f"{outcome.seconds:.1f} s</p>",
        f"<p class='verdict {verdict[0]}'>{_e(verdict[1])}</p>",
        f"<p>{len(outcome.failed('error'))} fel / errors · {len(outcome.failed('warning'))} varningar / warnings · "
        f"{len(outcome.results):,} resultatrader / result rows "
        "(tabellen / table <code>marts.data_quality_results</code>)."
        " Vad varje kontroll betyder och hur felet åtgärdas: <code>docs/data_quality.md</code>.</p>",
    ]
    if docs_link:
        parts.append(f"<p>Alla förväntningar med great-expectations resultat / every expectation with its "
                     f"great-expectations result: <a href='{_e(docs_link)}'>Data Docs</a> "
                     "<span class='en'>(laddar stilmallar från internet / loads styles from the internet)</span></p>")
    for problem in outcome.problems:
        parts.append(f"<p class='error'>{_e(problem)}</p>")
    for dimension in DIMENSIONS:
        sv, en = DIMENSION_LABELS[dimension]
        rows = summary[summary["dimension"] == dimension]
        if rows.empty:
            continue
        parts.append(f"<h2>{_e(sv)} <span class='en'>/ {_e(en)}</span></h2>")
        parts.append("<table><tr><th>kontroll / check</th><th>nivå / severity</th><th class='num'>bedömda / assessed"
                     "</th><th class='num'>avvikande / failed</th><th>status</th></tr>")
        for row in rows.itertuples():
            parts.append(f"<tr><td><code>{_e(row.check_name)}</code></td><td>{_e(row.severity)}</td>"
                         f"<td class='num'>{row.assessed:,}</td><td class='num'>{row.failed:,}</td>"
                         f"<td class='{row.status}'>{_e(_STATUS_TEXT[row.status])}</td></tr>")
        parts.append("</table>")
        dim_failed = failed[failed["dimension"] == dimension]
        for name, group in dim_failed.groupby("check_name", sort=False):
            first_sv, fix_sv = _split_fix(str(group["message_sv"].iloc[0]), name, "Kontroll", "Åtgärd")
            first_en, fix_en = _split_fix(str(group["message_en"].iloc[0]), name, "Check", "Fix")
            parts.append(f"<h3><code>{_e(name)}</code> – {len(group):,} avvikande / failed</h3>")
            if fix_sv:
                parts.append(f"<p><b>Åtgärd:</b> {_e(fix_sv)}<br><span class='en'>Fix: {_e(fix_en)}</span></p>")
            parts.append("<table><tr><th>nivå / severity</th><th>enhet / unit</th><th>period</th>"
                         "<th>resultat / result</th></tr>")
            for r in group.head(SHOWN_FAILURES).itertuples():
                body_sv = _split_fix(str(r.message_sv), name, "Kontroll", "Åtgärd")[0]
                body_en = _split_fix(str(r.message_en), name, "Check", "Fix")[0]
                parts.append(f"<tr><td class='{_e(r.severity)}'>{_e(r.severity)}</td><td>{_e(r.unit_id)}</td>"
                             f"<td>{_e(r.period)}</td><td>{_e(body_sv)}<br><span class='en'>{_e(body_en)}"
                             "</span></td></tr>")
            parts.append("</table>")
            if len(group) > SHOWN_FAILURES:
                parts.append(f"<p>… och {len(group) - SHOWN_FAILURES} till / and more: "
                             "<code>marts.data_quality_results</code></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def prepare_report_dir(report_dir: Path) -> Path:
    """A fresh empty folder next to ``report_dir`` to build the new report in."""
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.", dir=report_dir.parent))


def publish_report_dir(staging: Path, report_dir: Path) -> None:
    """Swap the freshly built folder in for ``report_dir`` (old report removed)."""
    old = None
    if report_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.old.", dir=report_dir.parent))
        os.replace(report_dir, old / "report")
    os.replace(staging, report_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
