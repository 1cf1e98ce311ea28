"""Making Data Count icons as small inline SVG with their text, for the dashboard and the report.

The icons follow the look NHS boards know (a variation icon and an assurance icon, each a disc
with a letter) in the project's colour-blind-safe palette: blue for improvement or a target met,
orange for concern or a target missed, grey for common cause or hit-and-miss, purple for
neutral variation. Colour is never the only carrier: each disc has a letter (H/L high or low, P/F
pass or fail, ? hit and miss, ~ common cause) and every icon has a text alternative (``<title>``
and ``aria-label``). Which icon applies comes from marts.metric_spc (``variation_icon``,
``assurance_icon``); nothing is computed here.
"""

from __future__ import annotations

import base64
from html import escape

import pandas as pd

from samrehab.read.labels import t

# fill, letter colour (contrast ≥ 4.5:1 against the fill), letter
_BLUE, _ORANGE, _GREY, _PURPLE = "#0072B2", "#E69F00", "#595959", "#6A3D9A"
STYLE: dict[str, tuple[str, str, str]] = {
    "common_cause": (_GREY, "#FFFFFF", "~"),
    "improvement_high": (_BLUE, "#FFFFFF", "H"),
    "improvement_low": (_BLUE, "#FFFFFF", "L"),
    "concern_high": (_ORANGE, "#000000", "H"),
    "concern_low": (_ORANGE, "#000000", "L"),
    "neutral_high": (_PURPLE, "#FFFFFF", "H"),
    "neutral_low": (_PURPLE, "#FFFFFF", "L"),
    "consistent_pass": (_BLUE, "#FFFFFF", "P"),
    "consistent_fail": (_ORANGE, "#000000", "F"),
    "hit_and_miss": (_GREY, "#FFFFFF", "?"),
}

VARIATION_ICONS = ("common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
                   "neutral_high", "neutral_low")
ASSURANCE_ICONS = ("consistent_pass", "consistent_fail", "hit_and_miss")


def text(key: str, lang: str) -> str:
    """The label of an icon or note (``mdc_<key>`` of the label table) in Swedish or English."""
    return t(f"mdc_{key}", lang)


def svg(icon: str, lang: str, size: int = 28) -> str:
    """The icon as inline SVG with a text alternative."""
    fill, ink, letter = STYLE[icon]
    label = escape(text(icon, lang))
    half = size / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<circle cx="{half}" cy="{half}" r="{half - 1}" fill="{fill}" stroke="#000000" stroke-width="1"/>'
        f'<text x="{half}" y="{half}" dy="0.35em" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-weight="bold" font-size="{size * 0.55:.0f}" fill="{ink}">{escape(letter)}</text></svg>'
    )


def img(icon: str, lang: str, size: int = 28) -> str:
    """The icon as an ``<img>`` (SVG data URI) with its text as ``alt``: survives HTML sanitisers that
    drop inline SVG (Streamlit's ``st.html``)."""
    data = base64.b64encode(svg(icon, lang, size).encode("utf-8")).decode("ascii")
    label = escape(text(icon, lang))
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{label}" title="{label}" width="{size}" '
            f'height="{size}" style="vertical-align:middle">')


def icons_html(row: dict | None, lang: str, size: int = 28) -> str:
    """Both icons of a metric_spc row side by side with their texts, or the reason there are none
    (``row`` None: the metric has no control chart)."""
    if row is None:
        return f'<span class="mdc-none">{escape(text("no_chart", lang))}</span>'
    status = row.get("icon_status")
    if status != "computed":
        return f'<span class="mdc-none">{escape(text(str(status), lang))}</span>'
    parts = []
    variation = row.get("variation_icon")
    if variation in STYLE:
        parts.append(f'{img(variation, lang, size)} <span>{escape(text(variation, lang))}</span>')
    assurance = row.get("assurance_icon")
    if assurance in STYLE:
        parts.append(f'{img(assurance, lang, size)} <span>{escape(text(assurance, lang))}</span>')
    else:
        parts.append(f'<span class="mdc-none">{escape(text("no_target", lang))}</span>')
    return '<span class="mdc-icons" style="display:inline-flex;gap:0.4em;align-items:center;flex-wrap:wrap">' \
        + " ".join(parts) + "</span>"


def legend_html(lang: str, size: int = 20) -> str:
    """Every icon with its meaning, and which chart they are computed on."""
    rows = [f"<li>{img(icon, lang, size)} {escape(text(icon, lang))}</li>"
            for icon in VARIATION_ICONS + ASSURANCE_ICONS]
    return (f'<div class="mdc-legend"><strong>{escape(text("legend", lang))}</strong>'
            f'<ul style="list-style:none;padding-left:0;columns:2">{"".join(rows)}</ul>'
            f'<p>{escape(text("chart_note", lang))}</p></div>')


def series_icons(spc: pd.DataFrame | None) -> dict[str, dict]:
    """The icon columns of each metric's series in rows of marts.metric_spc for one region and care
    level (the series-level columns repeat on every point; the first point is taken)."""
    if spc is None or spc.empty or "icon_status" not in spc.columns:
        return {}
    first = spc.sort_values(["metric_id", "point_number"]).drop_duplicates("metric_id")
    return {str(row["metric_id"]): row for row in first.to_dict("records")}
