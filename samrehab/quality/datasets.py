"""The frames the checks validate, as SQL over the warehouse (DuckDB, read-only).

Every dataset reads the dbt staging views (``staging.stg_*``: the loaded rows, renamed and typed,
exactly what the intermediate models and marts are built from), the models that already compute what a
check needs (``intermediate.int_cutoff``: the cut-off; ``intermediate.int_referrals``: first visit and
wait days), the reference seeds
(``seeds.*``) and the ingest's bookkeeping (``raw.deliveries``, ``raw.ingest_log``,
``raw.quarantine``). Derived measures (volume per unit and month, orphan shares per unit, lags)
are computed here in SQL, so great-expectations only sees small aggregated frames.

Two kinds of dataset:

* a *frame* dataset (``columns`` empty) is a query whose result great-expectations validates row
  by row: one row per group (unit, unit-month, entity, file);
* a *row source* (``columns`` set: the entity datasets ``entity.<entity>`` and ``referral_waits``)
  names the rows a column or aggregate check is about. They are never read into Python:
  :mod:`samrehab.quality.profiles` counts, per check, in one SQL scan, what great-expectations
  needs (rows, missing and unexpected values, the median) and great-expectations validates one
  row per check. Their columns are codes, dates and numbers, never a person's or an event's id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts import ENTITIES, EntityContract

#: The data cut-off: the latest extract date of the loaded deliveries (the model ``int_cutoff``).
CUTOFF_SQL = "(select extract_date from intermediate.int_cutoff)"

#: First day of the last complete calendar month on or before the cut-off.
LAST_COMPLETE_MONTH_SQL = f"""(
    select cast(case when c = last_day(c) then date_trunc('month', c)
                     else date_trunc('month', c) - interval 1 month end as date)
    from (select {CUTOFF_SQL} as c)
)"""

#: Entity → the date that says when a row's event happened (its lag to the cut-off is timeliness).
EVENT_DATE_COLUMNS: dict[str, str] = {
    "referrals": "received_date",
    "visits": "visit_date",
    "plans": "created_date",
    "admissions": "admit_date",
    "record_audits": "audit_date",
    "decision_support_usage": "event_date",
    "time_use": "week_start",
    "training": "event_date",
    "staff_survey": "survey_date",
    "patient_survey": "response_date",
    "patient_stories": "story_date",
}

#: Extra columns computed for an entity frame (name → SQL expression over the staging view ``e``).
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "patients": {"age_at_cutoff": f"year(coalesce(e.deceased_date, {CUTOFF_SQL})) - e.birth_year"},
    "units": {
        "municipality_region_code": "m.region_code",
        "region_matches": "case when m.region_code is null then null else m.region_code = e.region_code end",
    },
    "admissions": {
        "discharged": "e.discharge_date is not null",
        "length_of_stay_days": "datediff('day', e.admit_date, e.discharge_date)",
    },
}
_JOINS: dict[str, str] = {
    "units": "left join seeds.municipalities as m on m.municipality_code = e.municipality_code",
}

#: Ingest quarantine rule → data-quality dimension.
RULE_DIMENSIONS: dict[str, str] = {
    "missing_value": "completeness",
    "unknown_code": "conformance",
    "contract": "conformance",
    "bad_date": "conformance",
    "bad_number": "conformance",
    "bad_boolean": "conformance",
    "out_of_range": "plausibility",
    "after_extract_date": "plausibility",
    "duplicate_id": "consistency",
    "unknown_reference": "consistency",
    "date_order": "consistency",
    "discharge_before_admit": "consistency",
}


@dataclass(frozen=True)
class Dataset:
    """A named query. A frame dataset's result is one great-expectations batch; a row source
    (``columns``: output column → SQL expression over ``from_sql``) is profiled per check."""

    name: str
    sql: str
    columns: dict[str, str] = field(default_factory=dict)
    from_sql: str = ""
    #: A row source that is itself a costly query (a join): computed once into a temporary table
    #: when it is read more than once (the counts, then the unexpected values).
    materialize: bool = False
    #: A frame dataset computed together with others by this one query, whose rows carry their
    #: dataset's name in a ``dataset`` column (``sql`` selects this dataset's rows from it): the
    #: checks run it once for all of them.
    shared_sql: str = ""

    @property
    def is_row_source(self) -> bool:
        """True when checks over the dataset are counted in SQL (:mod:`samrehab.quality.profiles`)."""
        return bool(self.columns)

    def source_sql(self, columns: list[str]) -> str:
        """The rows of a row source with only ``columns`` (unknown names raise ``KeyError``)."""
        select = ", ".join(f'{self.columns[c]} as "{c}"' for c in columns) or "1 as one"
        return f"select {select} from {self.from_sql}"


def frame_columns(entity: EntityContract) -> list[str]:
    """Contract columns that go into an entity frame: everything but person/event ids and free text."""
    return [c.name for c in entity.columns
            if not c.free_text and (c.name == "unit_id" or not c.name.endswith("_id"))]


def entity_dataset(entity: EntityContract) -> Dataset:
    """The rows of ``staging.stg_<entity>`` with the frame columns and derived columns (a row source)."""
    columns = {c: f"e.{c}" for c in frame_columns(entity)}
    columns.update(DERIVED_COLUMNS.get(entity.name, {}))
    from_sql = f"staging.stg_{entity.name} as e {_JOINS.get(entity.name, '')}".strip()
    sql = f"select {', '.join(f'{expr} as {name}' for name, expr in columns.items())} from {from_sql}"
    return Dataset(f"entity.{entity.name}", sql, columns, from_sql)


def entity_rows_dataset(required: bool) -> Dataset:
    """One row per required (or optional) contract entity with the number of rows loaded."""
    parts = [
        f"select '{e.name}' as entity, count(*) as n from staging.stg_{e.name}"
        for e in ENTITIES if e.required == required
    ]
    return Dataset(f"entity_rows.{'required' if required else 'optional'}", " union all ".join(parts))


def referral_waits_dataset() -> Dataset:
    """Wait in days from received date to the referral's first attended visit on or after it (a row
    source: one row per referral with a visit), as the model ``int_referrals`` computes it."""
    rows = "select unit_id, wait_days from intermediate.int_referrals where first_visit_date is not null"
    return Dataset("referral_waits", rows, {"unit_id": "w.unit_id", "wait_days": "w.wait_days"}, f"({rows}) as w")


def unit_month_visits_dataset() -> Dataset:
    """Visits per unit and complete month, against what the unit's own history predicts.

    The grid runs from each unit's first to its last month with visits, so months with no visits
    at all appear with 0. ``expected_visits`` is the unit's median ratio to the visits of the
    *other* units of its region, times those visits that month: the unit's typical volume,
    adjusted for the seasonality every unit shares (summer, Christmas) and for the region's
    overall trend, and not pulled down by the unit's own drop.
    ``shortfall_z`` is (expected − observed) / √expected, the size of the drop in Poisson standard
    deviations, so chance dips at small units are not flagged.
    """
    sql = f"""
    with last_month as (select {LAST_COMPLETE_MONTH_SQL} as month_start),
    monthly as (
        select visits.unit_id, cast(date_trunc('month', visits.visit_date) as date) as month_start,
               count(*) as visits
        from staging.stg_visits as visits, last_month
        where visits.visit_date < last_month.month_start + interval 1 month
        group by visits.unit_id, cast(date_trunc('month', visits.visit_date) as date)
    ),
    active as (
        select unit_id, min(month_start) as first_month, max(month_start) as last_month
        from monthly group by unit_id
    ),
    grid as (
        select active.unit_id, units.region_code, cast(months.month_start as date) as month_start
        from active
        join staging.stg_units as units on units.unit_id = active.unit_id,
        range(active.first_month, active.last_month + interval 1 day, interval 1 month)
            as months(month_start)
    ),
    filled as (
        select grid.unit_id, grid.region_code, grid.month_start, coalesce(monthly.visits, 0) as visits
        from grid
        left join monthly on monthly.unit_id = grid.unit_id and monthly.month_start = grid.month_start
    ),
    region_totals as (
        select region_code, month_start, sum(visits) as region_visits from filled group by region_code, month_start
    ),
    shares as (
        select filled.*, region_totals.region_visits - filled.visits as other_visits,
               filled.visits / nullif(region_totals.region_visits - filled.visits, 0) as visit_share
        from filled
        join region_totals
          on region_totals.region_code is not distinct from filled.region_code
         and region_totals.month_start = filled.month_start
    ),
    typical as (
        select unit_id, median(visit_share) as median_share, median(visits) as median_visits,
               count(*) as months
        from shares group by unit_id
    ),
    expected as (
        select shares.unit_id, shares.region_code, shares.month_start, shares.visits,
               typical.median_visits, typical.median_share * shares.other_visits as expected_visits
        from shares join typical on typical.unit_id = shares.unit_id
        where typical.months >= 3
    )
    select unit_id, region_code, strftime(month_start, '%Y-%m') as period,
           cast(visits as double) as visits, cast(median_visits as double) as median_visits,
           expected_visits,
           case when expected_visits > 0 then visits / expected_visits end as volume_ratio,
           case when expected_visits > 0 then (expected_visits - visits) / sqrt(expected_visits) end
               as shortfall_z
    from expected
    order by unit_id, period
    """
    return Dataset("unit_month_visits", sql)


def missing_by_unit_month_dataset(entity: str, column: str, min_rows: int) -> Dataset:
    """Share of rows with ``column`` missing, per unit and complete month (groups of ``min_rows``+)."""
    date_column = EVENT_DATE_COLUMNS[entity]
    sql = f"""
    select e.unit_id, units.region_code,
           strftime(date_trunc('month', e.{date_column}), '%Y-%m') as period,
           count(*) as n,
           avg(case when e.{column} is null then 1.0 else 0.0 end) as missing_share
    from staging.stg_{entity} as e
    join staging.stg_units as units on units.unit_id = e.unit_id
    where e.{date_column} < {LAST_COMPLETE_MONTH_SQL} + interval 1 month
    group by e.unit_id, units.region_code, strftime(date_trunc('month', e.{date_column}), '%Y-%m')
    having count(*) >= {int(min_rows)}
    order by e.unit_id, period
    """
    return Dataset(f"missing_by_unit_month.{entity}.{column}", sql)


def _latest_deliveries_sql() -> str:
    """Each region's latest delivery (deliveries without a region form one group)."""
    return """
    select delivery_id from (
        select delivery_id, row_number() over (
            partition by coalesce(region_code, '') order by extract_date desc, loaded_at desc) as latest
        from raw.deliveries
    ) where latest = 1
    """


def quarantine_dataset(dimension: str) -> Dataset:
    """Per latest delivery and entity: share of the rows read that the ingest quarantined for
    rules of one dimension, with the columns and rules behind it (``detail``)."""
    rules = [rule for rule, dim in RULE_DIMENSIONS.items() if dim == dimension]
    rule_list = ", ".join(f"'{r}'" for r in rules)
    if dimension == "conformance":  # rules the mapping does not know count as conformance
        known = ", ".join(f"'{r}'" for r in RULE_DIMENSIONS)
        rule_filter = f"(rule in ({rule_list}) or rule not in ({known}, 'superseded'))"
    else:
        rule_filter = f"rule in ({rule_list})"
    sql = f"""
    with latest as ({_latest_deliveries_sql()}),
    read_rows as (
        select delivery_id, entity, sum(rows_read) as rows_read
        from raw.ingest_log
        where status = 'loaded' and delivery_id in (select delivery_id from latest)
        group by delivery_id, entity
    ),
    held as (
        select delivery_id, entity, source_file, row_number, column_name, rule
        from raw.quarantine
        where delivery_id in (select delivery_id from latest) and {rule_filter}
    ),
    held_rows as (
        select delivery_id, entity, count(distinct (source_file, row_number)) as rows
        from held group by delivery_id, entity
    ),
    held_detail as (
        select delivery_id, entity,
               string_agg(column_name || ' (' || rule || '): ' || rows, '; ' order by rows desc) as detail
        from (
            select delivery_id, entity, column_name, rule, count(distinct (source_file, row_number)) as rows
            from held group by delivery_id, entity, column_name, rule
        ) as per_rule group by delivery_id, entity
    )
    select read_rows.delivery_id, read_rows.entity,
           cast(read_rows.rows_read as double) as rows_read,
           cast(coalesce(held_rows.rows, 0) as double) as rows_quarantined,
           coalesce(held_rows.rows, 0) / nullif(read_rows.rows_read, 0) as quarantined_share,
           coalesce(held_detail.detail, '') as detail
    from read_rows
    left join held_rows using (delivery_id, entity)
    left join held_detail using (delivery_id, entity)
    order by read_rows.delivery_id, read_rows.entity
    """
    return Dataset(f"quarantine.{dimension}", sql)


def rejected_files_dataset() -> Dataset:
    """Files of the latest deliveries and their ingest status (``loaded`` or ``rejected``)."""
    sql = f"""
    select delivery_id, entity, source_file, status, coalesce(message, '') as detail
    from raw.ingest_log
    where delivery_id in ({_latest_deliveries_sql()})
    order by delivery_id, source_file
    """
    return Dataset("ingest_files", sql)


def _unit_share(name: str, body: str, min_rows: int) -> Dataset:
    """A per-unit share: ``body`` selects ``unit_id`` and ``flag`` (1.0/0.0) per row; units with
    fewer than ``min_rows`` rows are not assessed."""
    sql = f"""
    with rows as ({body})
    select rows.unit_id, units.region_code, count(*) as n, avg(rows.flag) as share
    from rows
    left join staging.stg_units as units on units.unit_id = rows.unit_id
    group by rows.unit_id, units.region_code
    having count(*) >= {int(min_rows)}
    order by rows.unit_id
    """
    return Dataset(f"consistency.{name}", sql)


#: Consistency measures assessed only for units with at least this many rows (shares, not counts).
CONSISTENCY_MIN_ROWS: dict[str, int] = {
    "planned_visit_without_referral": 10,
    "visit_before_referral": 10,
    "plan_without_visit": 10,
}

#: (entity, column) pairs whose missing share is checked per unit and month.
MISSING_BY_UNIT_MONTH: tuple[tuple[str, str], ...] = (
    ("referrals", "diagnosis_code"),
    ("referrals", "need_level"),
    ("visits", "duration_minutes"),
)
#: A unit-month is assessed when it has at least this many rows.
MISSING_MIN_ROWS = 10


#: Consistency measures over the visits that have a referral id, each joined to its referral
#: (measure → the rows it assesses, their flag). One join serves all of them
#: (:func:`_visit_referral_shares`); a referral found is what an inner join would give.
VISIT_REFERRAL_MEASURES: dict[str, tuple[str, str]] = {
    "visit_referral_missing": ("true", "case when referrals.referral_id is null then 1.0 else 0.0 end"),
    "visit_referral_other_patient": (
        "referrals.referral_id is not null",
        "case when visits.patient_id <> referrals.patient_id then 1.0 else 0.0 end"),
    "visit_before_referral": (
        "referrals.referral_id is not null and visits.status = 'attended'",
        "case when visits.visit_date < referrals.received_date then 1.0 else 0.0 end"),
}


def _visit_referral_shares() -> dict[str, Dataset]:
    """The per-unit shares of :data:`VISIT_REFERRAL_MEASURES` (as :func:`_unit_share` computes
    them) from one join of visits to referrals and units, shared by their datasets."""
    measures = VISIT_REFERRAL_MEASURES
    aggregates = ",\n               ".join(
        f"count(*) filter (where {rows}) as {name}_n, avg({flag}) filter (where {rows}) as {name}_share"
        for name, (rows, flag) in measures.items())
    parts = "\n    union all\n    ".join(
        f"select 'consistency.{name}' as dataset, unit_id, region_code, {name}_n as n, {name}_share as share "
        f"from per_unit where {name}_n >= {max(1, CONSISTENCY_MIN_ROWS.get(name, 1))}" for name in measures)
    shared = f"""
    with per_unit as materialized (
        select visits.unit_id, units.region_code,
               {aggregates}
        from staging.stg_visits as visits
        left join staging.stg_referrals as referrals on referrals.referral_id = visits.referral_id
        left join staging.stg_units as units on units.unit_id = visits.unit_id
        where visits.referral_id is not null
        group by visits.unit_id, units.region_code
    )
    {parts}
    order by dataset, unit_id
    """
    return {name: Dataset(f"consistency.{name}", f"select unit_id, region_code, n, share from ({shared}) "
                          f"where dataset = 'consistency.{name}' order by unit_id", shared_sql=shared)
            for name in measures}


def consistency_datasets() -> dict[str, Dataset]:
    """Per-unit shares of rows that contradict another entity."""
    bodies = {
        "planned_visit_without_referral": """
            select unit_id, case when referral_id is null then 1.0 else 0.0 end as flag
            from staging.stg_visits
            where status = 'attended' and planned""",
        "plan_without_visit": f"""
            with seen as (
                select distinct patient_id, unit_id from staging.stg_visits where status = 'attended'
            )
            select plans.unit_id, case when seen.patient_id is null then 1.0 else 0.0 end as flag
            from staging.stg_plans as plans
            left join seen on seen.patient_id = plans.patient_id and seen.unit_id = plans.unit_id
            where plans.created_date <= {CUTOFF_SQL} - interval 60 day""",
        "plan_referral_missing": """
            select plans.unit_id, case when referrals.referral_id is null then 1.0 else 0.0 end as flag
            from staging.stg_plans as plans
            left join staging.stg_referrals as referrals on referrals.referral_id = plans.referral_id
            where plans.referral_id is not null""",
        "readmission_without_index_stay": """
            select unit_id,
                   case when coalesce(bool_or(discharge_date is null) over (
                        partition by patient_id order by admit_date, admission_id
                        rows between unbounded preceding and 1 preceding), false)
                        then 1.0 else 0.0 end as flag
            from staging.stg_admissions""",
        "events_after_death": """
            with deaths as (
                select patient_id, min(death_date) as death_date from (
                    select patient_id, deceased_date as death_date
                    from staging.stg_patients where deceased_date is not null
                    union all
                    select patient_id, discharge_date
                    from staging.stg_admissions
                    where discharge_to = 'deceased' and discharge_date is not null
                ) group by patient_id
            ),
            events as (
                select unit_id, patient_id, visit_date as event_date
                from staging.stg_visits where status = 'attended'
                union all
                select unit_id, patient_id, admit_date from staging.stg_admissions
            )
            select events.unit_id,
                   case when events.event_date > deaths.death_date then 1.0 else 0.0 end as flag
            from events left join deaths on deaths.patient_id = events.patient_id""",
    }
    found = {name: _unit_share(name, body, CONSISTENCY_MIN_ROWS.get(name, 1)) for name, body in bodies.items()}
    return {**_visit_referral_shares(), **found}


def entity_lag_dataset(required: bool) -> Dataset:
    """Per event entity (required or optional) and region: latest event date and its lag in days
    to the cut-off. Entities without ``unit_id`` get one row with a null region."""
    parts = []
    for entity in ENTITIES:
        if entity.required != required or entity.name not in EVENT_DATE_COLUMNS:
            continue
        column = EVENT_DATE_COLUMNS[entity.name]
        if "unit_id" in entity.column_names:
            parts.append(f"""
            select '{entity.name}' as entity, units.region_code, max(e.{column}) as latest_event_date
            from staging.stg_{entity.name} as e
            left join staging.stg_units as units on units.unit_id = e.unit_id
            group by units.region_code""")
        else:
            parts.append(f"""
            select '{entity.name}' as entity, cast(null as varchar) as region_code,
                   max(e.{column}) as latest_event_date
            from staging.stg_{entity.name} as e""")
    sql = f"""
    with latest as ({' union all '.join(parts)})
    select entity, region_code, latest_event_date,
           cast(datediff('day', latest_event_date, {CUTOFF_SQL}) as double) as lag_days
    from latest
    order by entity, region_code
    """
    return Dataset(f"entity_lag.{'required' if required else 'optional'}", sql)


def unit_lag_dataset() -> Dataset:
    """Per unit with visits in the year before the cut-off: days since its last visit, and how
    many visits its recent rate predicts for that silent stretch."""
    sql = f"""
    with cutoff as (select {CUTOFF_SQL} as cutoff_date),
    per_unit as (
        select visits.unit_id, max(visits.visit_date) as last_visit_date,
               count(*) filter (where visits.visit_date > cutoff.cutoff_date - interval 365 day)
                   as visits_last_year
        from staging.stg_visits as visits, cutoff
        group by visits.unit_id
    ),
    lags as (
        select per_unit.unit_id, per_unit.visits_last_year,
               datediff('day', per_unit.last_visit_date, cutoff.cutoff_date) as lag_days
        from per_unit, cutoff
        where per_unit.visits_last_year > 0
    )
    select lags.unit_id, units.region_code, cast(lags.lag_days as double) as lag_days,
           lags.visits_last_year / greatest(365 - lags.lag_days, 30) * lags.lag_days
               as expected_visits_in_gap
    from lags
    left join staging.stg_units as units on units.unit_id = lags.unit_id
    order by lags.unit_id
    """
    return Dataset("unit_lag", sql)


def all_datasets() -> dict[str, Dataset]:
    """Every dataset a check may refer to, by name (building them only formats SQL)."""
    found = [entity_rows_dataset(True), entity_rows_dataset(False), referral_waits_dataset(),
             unit_month_visits_dataset(), rejected_files_dataset(), entity_lag_dataset(True),
             entity_lag_dataset(False), unit_lag_dataset()]
    found += [entity_dataset(e) for e in ENTITIES]
    found += [missing_by_unit_month_dataset(e, c, MISSING_MIN_ROWS) for e, c in MISSING_BY_UNIT_MONTH]
    found += [quarantine_dataset(d) for d in sorted(set(RULE_DIMENSIONS.values()))]
    found += list(consistency_datasets().values())
    return {d.name: d for d in found}


#: Seed tables read into :class:`samrehab.quality.model.ReferenceSets` (field → query).
REFERENCE_SQL: dict[str, str] = {
    "sexes": "select sex from seeds.sexes",
    "municipalities": "select municipality_code from seeds.municipalities",
    "regions": "select region_code from seeds.regions",
    "care_levels": "select care_level from seeds.care_levels",
    "professions": "select profession from seeds.professions",
    "need_levels": "select need_level from seeds.need_levels",
    "story_themes": "select theme from seeds.story_themes",
}
