"""What a data-quality check is, and what a run of the checks returns.

A :class:`Check` names one great-expectations expectation over one *dataset* (a frame, or the
rows of an entity, that :mod:`samrehab.quality.datasets` queries from the warehouse), with a
dimension, a severity, a readable threshold and Swedish/English texts for the data steward. Checks carry no
great-expectations objects, so defining them is cheap; :mod:`samrehab.quality.gx_runner` turns
them into expectations when the suites run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Dimension = Literal["completeness", "conformance", "plausibility", "consistency", "timeliness"]
Severity = Literal["error", "warning"]
Kind = Literal["column", "aggregate", "groups"]

DIMENSIONS: tuple[str, ...] = ("completeness", "conformance", "plausibility", "consistency", "timeliness")
DIMENSION_LABELS: dict[str, tuple[str, str]] = {
    "completeness": ("Fullständighet", "Completeness"),
    "conformance": ("Överensstämmelse med kodverk och format", "Conformance"),
    "plausibility": ("Rimlighet", "Plausibility"),
    "consistency": ("Samstämmighet", "Consistency"),
    "timeliness": ("Aktualitet", "Timeliness"),
}
SEVERITY_LABELS: dict[str, tuple[str, str]] = {"error": ("fel", "error"), "warning": ("varning", "warning")}

#: A row condition: (column, operator, value); operators ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``.
Condition = tuple[str, str, Any]

#: Columns of ``marts.data_quality_results``, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "check_name", "dimension", "entity", "column_name", "unit_id", "region_code", "period", "severity",
    "observed_value", "threshold", "passed", "message_sv", "message_en", "affected_metrics", "checked_at",
)


@dataclass(frozen=True)
class Check:
    """One expectation with the context a data steward needs to act on its result.

    ``kind`` says how a result becomes rows of ``marts.data_quality_results``:

    * ``column`` – the expectation is about a column of an entity's rows; one row, whose observed
      value is the share of unexpected values (for not-null: the share of missing values). The
      rows are counted in SQL (:mod:`samrehab.quality.profiles`) and great-expectations validates
      the counts, with the expectation's own null, set, regex and range semantics;
    * ``aggregate`` – a statistic of a column (median), computed in SQL; one row with that statistic;
    * ``groups`` – every frame row is a group (unit, unit-month, entity, ...); one result row per
      group, failed when great-expectations lists its index as unexpected.

    ``conditions`` become the expectation's row condition: rows outside it are not tested (and
    pass). ``detail_sv``/``detail_en`` are format strings over a group row's columns, appended
    to its message (for example the visits observed and expected in a unit-month).
    """

    name: str
    dimension: Dimension
    severity: Severity
    dataset: str
    expectation: str
    kwargs: dict[str, Any]
    kind: Kind
    entity: str
    column: str | None
    threshold: str
    title_sv: str
    title_en: str
    fix_sv: str
    fix_en: str
    conditions: tuple[Condition, ...] = ()
    value_format: Literal["share", "days", "ratio", "count", "number"] = "share"
    detail_sv: str = ""
    detail_en: str = ""
    threshold_sv: str = ""

    @property
    def threshold_text_sv(self) -> str:
        """The threshold in Swedish (``threshold`` is the English text stored in the results)."""
        return self.threshold_sv or self.threshold

    @property
    def key(self) -> str:
        """Unique id of the check within a run: name, dataset and column."""
        return ":".join(p for p in (self.name, self.dataset, self.column) if p)

    @property
    def suite_name(self) -> str:
        """great-expectations suite the check belongs to: ``<dimension>.<dataset>``."""
        return f"{self.dimension}.{self.dataset}"

    @property
    def validated_column(self) -> str:
        """The frame column the expectation looks at."""
        return str(self.kwargs["column"])


@dataclass(frozen=True)
class ReferenceSets:
    """Code lists read from the warehouse's seed tables, and the data cut-off."""

    sexes: tuple[str, ...]
    municipalities: tuple[str, ...]
    regions: tuple[str, ...]
    care_levels: tuple[str, ...]
    professions: tuple[str, ...]
    need_levels: tuple[str, ...]
    story_themes: tuple[str, ...]


@dataclass
class QualityOutcome:
    """What :func:`samrehab.quality.run_quality_checks` returns.

    ``passed`` is False when any error-level check failed or could not run. ``results`` has the
    columns of :data:`RESULT_COLUMNS` (one row per check and group).
    """

    passed: bool
    results: pd.DataFrame
    seconds: float
    problems: list[str] = field(default_factory=list)
    report_path: Path | None = None
    docs_path: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def failed(self, severity: str | None = None) -> pd.DataFrame:
        """Result rows that failed, optionally of one severity."""
        rows = self.results[~self.results["passed"].astype(bool)]
        if severity is not None:
            rows = rows[rows["severity"] == severity]
        return rows
