"""How numbers are shown: units, decimals, intervals, `..` for suppressed cells, and display tables.

Shared by the dashboard and the quarterly report so a value reads the same everywhere. Nothing here
computes a metric: values, intervals and comparisons come from ``marts.metric_values`` as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from samrehab.read.labels import t
from samrehab.read.provisional import period_label

SUPPRESSED = ".."
MISSING = "–"

# Colour-blind-safe comparison palette (Okabe–Ito blue / grey / orange); not compared = white.
COMPARISON_COLOURS = {
    "better": "#0072B2",
    "similar": "#B8B8B8",
    "worse": "#E69F00",
    "not_compared": "#FFFFFF",
}
COMPARISON_TEXT_COLOURS = {"better": "#FFFFFF", "similar": "#000000", "worse": "#000000", "not_compared": "#000000"}
COMPARISONS = ("better", "similar", "worse", "not_compared")

# Effect-goal status (``marts.effect_goal_status.status``) in the same palette: achieved and on track blue,
# off track orange, no data grey. ``STATUS_BADGE_COLOURS`` are the colour names ``st.badge`` takes;
# ``STATUS_COLOURS`` / ``STATUS_TEXT_COLOURS`` the hex colours (and a readable text colour on them) for
# anything else that draws a status (the quarterly report). Unknown codes read as ``no_data``.
STATUSES = ("achieved", "on_track", "off_track", "no_data")
STATUS_COMPARISON = {"achieved": "better", "on_track": "better", "off_track": "worse", "no_data": "similar"}
STATUS_BADGE_COLOURS = {"achieved": "blue", "on_track": "blue", "off_track": "orange", "no_data": "gray"}
STATUS_COLOURS = {code: COMPARISON_COLOURS[role] for code, role in STATUS_COMPARISON.items()}
STATUS_TEXT_COLOURS = {code: COMPARISON_TEXT_COLOURS[role] for code, role in STATUS_COMPARISON.items()}

# Columns of a display table (keys into i18n) and the hidden key columns kept for tests and links.
DISPLAY_COLUMNS = (
    "col_metric", "col_period", "col_group", "col_value", "col_ci", "col_numerator", "col_denominator",
    "col_benchmark", "col_comparison",
)
KEY_COLUMNS = ("metric_id", "period_type", "period", "region_code", "care_level", "dimension", "group_code")
# Hidden twins of the numeric display columns: the shown number (shares in per cent) for spreadsheet
# exports, empty when the cell is suppressed or missing; ``_decimals`` and ``_unit`` say how it is shown.
NUMBER_COLUMNS = {"col_value": "_value", "col_numerator": "_numerator", "col_denominator": "_denominator",
                  "col_benchmark": "_benchmark"}
NUMBER_DETAILS = ("_decimals", "_unit")


@dataclass(frozen=True)
class MetricInfo:
    """What a page needs to label one metric (from the metric catalogue), in one language."""

    metric_id: str
    effect_goal: str
    name: str
    unit: str
    value_type: str
    multiplier: float
    higher_is_better: bool | None
    definition: str
    source_entities: tuple[str, ...]
    attribution: str
    interval_method: str = ""
    # when a period counts as complete (catalogue completeness_rule; docs/metric_decisions.md)
    completeness_rule: str = "event"

    @property
    def is_share(self) -> bool:
        """Proportions are shown as per cent."""
        return self.value_type == "proportion"

    @property
    def scale(self) -> float:
        """Factor from the stored value to the shown number (per cent for shares)."""
        return 100.0 if self.is_share else 1.0

    @property
    def axis_unit(self) -> str:
        """Unit for a chart axis."""
        return "%" if self.is_share else self.unit

    @property
    def has_denominator(self) -> bool:
        """Whether a funnel plot (value against denominator) makes sense."""
        return self.value_type in ("proportion", "rate", "ratio")


def parse_polarity(text: str) -> bool | None:
    """Catalogue ``higher_is_better``: ``true``/``false``; blank means no direction."""
    value = str(text).strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    return None


def catalogue_info(catalogue: pd.DataFrame, lang: str) -> dict[str, MetricInfo]:
    """``MetricInfo`` per metric_id from the metric catalogue (text columns), in catalogue order."""
    suffix = "en" if lang == "en" else "sv"
    infos: dict[str, MetricInfo] = {}
    for row in catalogue.to_dict("records"):
        try:
            multiplier = float(row.get("multiplier") or 1)
        except ValueError:
            multiplier = 1.0
        infos[row["metric_id"]] = MetricInfo(
            metric_id=row["metric_id"],
            effect_goal=row["effect_goal"],
            name=row[f"name_{suffix}"],
            unit=row[f"unit_{suffix}"],
            value_type=row["value_type"],
            multiplier=multiplier,
            higher_is_better=parse_polarity(row.get("higher_is_better", "")),
            definition=row[f"definition_{suffix}"],
            source_entities=tuple(part.strip() for part in str(row.get("source_entity", "")).split(";") if part),
            attribution=row.get("attribution", ""),
            interval_method=str(row.get("interval_method") or ""),
            completeness_rule=str(row.get("completeness_rule") or "event"),
        )
    return infos


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number with a thousands separator and decimal comma (Swedish) or point (English)."""
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u00a0").replace(".", ",").replace("-", "−")


def value_decimals(info: MetricInfo, value: float) -> int:
    """Decimals for a shown value: counts none, per cent one, otherwise by magnitude."""
    if info.value_type == "count":
        return 0
    if info.is_share:
        return 1
    magnitude = abs(value)
    if magnitude < 10:
        return 2
    if magnitude < 1000:
        return 1
    return 0


def format_value(value: object, info: MetricInfo, lang: str, *, suppressed: bool = False, unit: bool = True) -> str:
    """The value as shown: ``..`` when suppressed, ``–`` when missing, else number and unit (shares in %)."""
    if suppressed:
        return SUPPRESSED
    if _is_missing(value):
        return MISSING
    shown = float(value) * info.scale
    text = format_number(shown, value_decimals(info, float(value)), lang)
    if not unit:
        return text
    return f"{text}\u00a0%" if info.is_share else f"{text} {info.unit}"


def format_change(value: object, info: MetricInfo, lang: str) -> str:
    """A difference between two values: signed, in percentage points for shares."""
    if _is_missing(value):
        return MISSING
    shown = float(value) * info.scale
    decimals = value_decimals(info, float(value)) if not info.is_share else 1
    text = format_number(abs(shown), decimals, lang)
    sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
    return f"{sign}{text} {change_unit(info, lang)}"


def change_unit(info: MetricInfo, lang: str) -> str:
    """The unit ``format_change`` writes after a difference (percentage points for shares)."""
    if info.is_share:
        return "procentenheter" if lang == "sv" else "percentage points"
    return info.unit


def bare_change(value: object, info: MetricInfo, lang: str) -> str:
    """A signed difference without its unit (``−7,1``), for interval limits next to a full value."""
    return format_change(value, info, lang).removesuffix(f" {change_unit(info, lang)}")


def change_with_interval(value: object, low: object, high: object, info: MetricInfo, lang: str) -> str:
    """``−4,3 procentenheter (95 % KI −7,1 … −0,9)``; without limits just the difference."""
    text = format_change(value, info, lang)
    if text == MISSING or _is_missing(low) or _is_missing(high):
        return text
    ci = "KI" if lang == "sv" else "CI"
    return f"{text} (95 % {ci} {bare_change(low, info, lang)} … {bare_change(high, info, lang)})"


def format_interval(low: object, high: object, info: MetricInfo, lang: str, *, suppressed: bool = False) -> str:
    """``low–high`` without unit; ``..`` when suppressed; ``–`` when the metric has no interval."""
    if suppressed:
        return SUPPRESSED
    if _is_missing(low) or _is_missing(high):
        return MISSING
    return (
        f"{format_value(low, info, lang, unit=False)}–{format_value(high, info, lang, unit=False)}"
    )


def format_count(value: object, lang: str, *, suppressed: bool = False) -> str:
    """A numerator or denominator: whole numbers without decimals, others (FTE) with one."""
    if suppressed:
        return SUPPRESSED
    if _is_missing(value):
        return MISSING
    number = float(value)
    decimals = 0 if math.isclose(number, round(number), abs_tol=1e-9) else 1
    return format_number(number, decimals, lang)


def comparison_label(code: object, lang: str) -> str:
    """Readable comparison with the benchmark."""
    return t(str(code) if code in COMPARISONS else "not_compared", lang)


def status_code(value: object) -> str:
    """An effect-goal status as one of ``STATUSES``: missing or unknown codes are ``no_data``."""
    code = "" if _is_missing(value) else str(value)
    return code if code in STATUSES else "no_data"


def group_label(row: pd.Series | dict, lang: str) -> str:
    """The group's label in the chosen language."""
    english = row.get("group_label_en") if lang == "en" else None
    label = english if english and not _is_missing(english) else row.get("group_label")
    return str(label) if not _is_missing(label) else str(row.get("group_code"))


def display_table(frame: pd.DataFrame, infos: dict[str, MetricInfo], lang: str) -> pd.DataFrame:
    """Rows of ``marts.metric_values`` as the text a user reads, suppression applied.

    Columns: the labels of ``DISPLAY_COLUMNS`` in ``lang``, then the hidden ``KEY_COLUMNS`` (kept so a
    row can be traced back to the mart; pages show and export only the labelled columns).
    """
    labels = [t(key, lang) for key in DISPLAY_COLUMNS]
    rows = []
    for row in frame.to_dict("records"):
        info = infos.get(row["metric_id"])
        if info is None:
            continue
        hidden = bool(row.get("suppressed"))
        rows.append(
            [
                info.name,
                period_label(row["period"], row, lang),
                group_label(row, lang),
                format_value(row.get("value"), info, lang, suppressed=hidden),
                format_interval(row.get("ci_low"), row.get("ci_high"), info, lang, suppressed=hidden),
                format_count(row.get("numerator"), lang, suppressed=hidden),
                format_count(row.get("denominator"), lang, suppressed=hidden),
                format_value(row.get("benchmark_value"), info, lang),
                SUPPRESSED if hidden else comparison_label(row.get("comparison"), lang),
            ]
            + [row.get(key) for key in KEY_COLUMNS]
            + _numbers(row, info, hidden)
        )
    return pd.DataFrame(rows, columns=labels + list(KEY_COLUMNS) + list(NUMBER_COLUMNS.values())
                        + list(NUMBER_DETAILS))


def _numbers(row: dict, info: MetricInfo, hidden: bool) -> list[object]:
    """The hidden number columns of one display row (see ``NUMBER_COLUMNS``)."""

    def shown(value: object, scale: float) -> float | None:
        return None if hidden or _is_missing(value) else float(value) * scale  # type: ignore[arg-type]

    value = row.get("value")
    benchmark = row.get("benchmark_value")
    decimals = value_decimals(info, float(value if not _is_missing(value) else benchmark or 0.0))
    return [shown(value, info.scale), shown(row.get("numerator"), 1.0), shown(row.get("denominator"), 1.0),
            None if _is_missing(benchmark) else float(benchmark) * info.scale, decimals, info.axis_unit]


def visible_columns(table: pd.DataFrame) -> list[str]:
    """The columns a user sees (and downloads): everything but the hidden key and number columns."""
    hidden = set(KEY_COLUMNS) | set(NUMBER_COLUMNS.values()) | set(NUMBER_DETAILS)
    return [column for column in table.columns if column not in hidden]
