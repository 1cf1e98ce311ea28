"""The entities of the extract contract: model, key, dependencies and metrics, in load order.

Everything ingest and the contract page need to know about an entity is derived from here
and from the pandera model's fields, so the contract has one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandera.polars as pa
import polars as pl

from contracts import models

#: polars dtype of a contract column → DuckDB type of the raw column.
DUCKDB_TYPES: dict[type[pl.DataType] | pl.DataType, str] = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Boolean: "BOOLEAN",
    pl.Int32: "INTEGER",
    pl.Float64: "DOUBLE",
}

#: Lineage columns appended to every raw table, in order.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_delivery_id", "VARCHAR"),
    ("_extract_date", "DATE"),
    ("_source_file", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_extra", "VARCHAR"),
    ("_owner", "VARCHAR"),
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an entity, derived from the pandera field."""

    name: str
    dtype: pl.DataType
    nullable: bool
    unique: bool
    description: str
    sv: str
    fk: str | None
    normalise: str | None
    future_allowed: bool
    free_text: bool
    checks: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def kind(self) -> str:
        """``text``, ``date``, ``bool``, ``int`` or ``decimal``."""
        return {
            pl.String: "text", pl.Date: "date", pl.Boolean: "bool",
            pl.Int32: "int", pl.Float64: "decimal",
        }[self.dtype.base_type()]

    @property
    def duckdb_type(self) -> str:
        """DuckDB type of the raw column."""
        return DUCKDB_TYPES[self.dtype.base_type()]

    @property
    def required(self) -> bool:
        """A required column must be present in every file of the entity."""
        return not self.nullable


@dataclass(frozen=True)
class DateOrder:
    """A cross-column rule: ``later`` may not be before ``earlier``."""

    earlier: str
    later: str
    rule: str
    message: str


@dataclass(frozen=True)
class EntityContract:
    """One entity of the contract."""

    name: str
    model: type[pa.DataFrameModel]
    sv: str
    required: bool
    key: tuple[str, ...]
    metrics: tuple[str, ...]
    replace_by: tuple[str, ...] = ()
    date_orders: tuple[DateOrder, ...] = ()
    birth_year_column: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: a public fact (population), not a source system's id: one owner per key
    shared_fact: bool = False

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema of the model."""
        return self.model.to_schema()

    @cached_property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """The contract columns in contract order."""
        specs = []
        for name, col in self.schema.columns.items():
            meta = col.metadata or {}
            specs.append(ColumnSpec(
                name=name,
                dtype=col.dtype.type,
                nullable=col.nullable,
                unique=col.unique,
                description=col.description or "",
                sv=meta.get("sv", ""),
                fk=meta.get("fk"),
                normalise=meta.get("normalise"),
                future_allowed=bool(meta.get("future_allowed")),
                free_text=bool(meta.get("free_text")),
                checks=tuple((c.name, dict(c.statistics or {})) for c in col.checks),
            ))
        return tuple(specs)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Contract column names in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def replacement_key(self) -> tuple[str, ...]:
        """Columns whose values identify the rows a later delivery replaces."""
        return self.key or self.replace_by

    @property
    def period_column(self) -> str | None:
        """The date that places a row in the period a ``full`` delivery covers.

        The first required event date (e.g. ``visit_date``); None for entities without one
        (patients, units, staff, population): a full delivery of those covers all the rows of
        its region.
        """
        if self.name == "staff":
            return None
        for c in self.columns:
            if c.kind == "date" and c.required and not c.future_allowed:
                return c.name
        return None

    @property
    def event_date_columns(self) -> tuple[str, ...]:
        """Date columns that may not lie after the extract date."""
        return tuple(c.name for c in self.columns if c.kind == "date" and not c.future_allowed)


_E1 = ("E1.access_rate", "E1.access_rate_std", "E1.wait_days_median", "E1.wait_days_p90",
       "E1.seen_within_90d_share", "E1.waiting_count", "E1.unmet_need_share")

#: All entities, in load order (an entity only refers to entities before it).
ENTITIES: tuple[EntityContract, ...] = (
    EntityContract(
        "patients", models.Patients, "patienter", True, ("patient_id",),
        ("E1.access_rate_std", "E6.readmission_30d_share_65plus", "all metrics by sex and age"),
        birth_year_column="birth_year",
    ),
    EntityContract(
        "units", models.Units, "enheter", True, ("unit_id",),
        ("all metrics by unit, care level and provider type",),
    ),
    EntityContract(
        "referrals", models.Referrals, "remisser", True, ("referral_id",),
        _E1 + ("E5.episodes_with_plan_share", "E6.admission_after_rehab_share",
               "E6.return_visit_30d_share", "E6.cost_per_episode_mean"),
        date_orders=(
            DateOrder("received_date", "assessed_date", "date_order",
                      "assessed_date is before received_date"),
            DateOrder("received_date", "closed_date", "date_order",
                      "closed_date is before received_date"),
        ),
    ),
    EntityContract(
        "plans", models.Plans, "rehabiliteringsplaner", True, ("plan_id",),
        ("E2.plan_guideline_share", "E2.plan_followed_up_share", "E5.episodes_with_plan_share",
         "E5.plan_shared_with_patient_share", "E5.handover_within_14d_share"),
        date_orders=(
            DateOrder("created_date", "closed_date", "date_order",
                      "closed_date is before created_date"),
            DateOrder("created_date", "followed_up_date", "date_order",
                      "followed_up_date is before created_date"),
        ),
    ),
    EntityContract(
        "visits", models.Visits, "besök", True, ("visit_id",),
        _E1 + ("E2.decision_support_per_100_patients", "E3.coordinated_visit_share",
               "E3.minutes_per_patient", "E3.days_between_visits_median",
               "E5.handover_within_14d_share", "E6.admission_after_rehab_share",
               "E6.return_visit_30d_share", "E6.cost_per_episode_mean"),
    ),
    EntityContract(
        "admissions", models.Admissions, "vårdtillfällen", True, ("admission_id",),
        ("E5.handover_within_14d_share", "E6.readmission_30d_share",
         "E6.readmission_30d_share_65plus", "E6.admission_after_rehab_share"),
        date_orders=(
            DateOrder("admit_date", "discharge_date", "discharge_before_admit",
                      "discharge_date is before admit_date"),
        ),
    ),
    EntityContract(
        "population", models.Population, "befolkning", True,
        ("year", "municipality_code", "sex", "age"),
        ("E1.access_rate", "E1.access_rate_std"),
        shared_fact=True,
    ),
    EntityContract(
        "record_audits", models.RecordAudits, "journalgranskning", False, ("audit_id",),
        ("E2.audit_criteria_met_share",),
    ),
    EntityContract(
        "decision_support_usage", models.DecisionSupportUsage, "användning av beslutsstöd",
        False, ("event_date", "unit_id", "profession", "support_name"),
        ("E2.decision_support_per_100_patients",),
    ),
    EntityContract(
        "staff", models.Staff, "personal", False, ("staff_id",),
        ("E4.training_events_per_fte", "E4.staff_turnover_rate"),
        date_orders=(
            DateOrder("employment_start", "employment_end", "date_order",
                      "employment_end is before employment_start"),
        ),
    ),
    EntityContract(
        "time_use", models.TimeUse, "tidsanvändning", False,
        ("staff_id", "week_start", "task_category"),
        ("E3.in_competence_time_share",),
    ),
    EntityContract(
        "training", models.Training, "kompetensutveckling", False,
        ("staff_id", "event_date", "event_type"),
        ("E4.training_events_per_fte",),
    ),
    EntityContract(
        "staff_survey", models.StaffSurvey, "medarbetarenkät", False, (),
        ("E4.competence_score_mean",),
        replace_by=("survey_date",),
    ),
    EntityContract(
        "patient_survey", models.PatientSurvey, "patientenkät", False, ("response_id",),
        ("E5.participation_positive_share", "E5.continuity_positive_share"),
    ),
    EntityContract(
        "patient_stories", models.PatientStories, "patientberättelser", False, ("story_id",),
        ("E5.patient_stories_count",),
    ),
)

ENTITY_BY_NAME: dict[str, EntityContract] = {e.name: e for e in ENTITIES}


def get_entity(name: str) -> EntityContract:
    """The entity called ``name`` (``KeyError`` when the contract has none)."""
    return ENTITY_BY_NAME[name]


def raw_columns(entity: EntityContract) -> list[tuple[str, str]]:
    """Columns of ``raw.<entity>``: contract columns with DuckDB types, then lineage columns."""
    return [(c.name, c.duckdb_type) for c in entity.columns] + list(LINEAGE_COLUMNS)
