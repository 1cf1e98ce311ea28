-- Baseline (a): the five headline metrics by home municipality and quarter, computed by one
-- hand-written DuckDB script straight from the raw delivery files (the practical lower bound).
-- No ingest, no dbt: read_csv / read_parquet over the generator's delivery layout.
-- @DELIVERY@ is replaced by the delivery folder by tests/benchmarks/baseline_duckdb.py.
--
-- Output: metric_id, period ('2025Q3'), region_code, group_code (municipality), numerator,
-- denominator, value. Definitions: ../../../shared/spec/metrics.md. Region: the patient's home
-- region for E1.access_rate (first two digits of the SCB municipality code), else the region of
-- the unit (referral's, plan's, visit's, discharging unit's).

create or replace temp macro quarter_label(d) as
    cast(year(d) as varchar) || 'Q' || cast(quarter(d) as varchar);

with
cutoff as (
    select cast(extract_date as date) as extract_date
    from read_json_auto('@DELIVERY@/manifest.json')
),

units as (
    select unit_id, region_code
    from read_csv('@DELIVERY@/units.csv', header = true, all_varchar = true)
),

patients as (
    select patient_id, municipality_code
    from read_csv('@DELIVERY@/patients.csv', header = true, all_varchar = true)
),

population as (
    select cast(year as integer) as year, municipality_code, sum(cast(population as bigint)) as population
    from read_csv('@DELIVERY@/population.csv', header = true, all_varchar = true)
    group by all
),

attended as (
    select
        visits.patient_id,
        visits.referral_id,
        visits.visit_date,
        coalesce(visits.coordinated, false) as coordinated,
        units.region_code,
        patients.municipality_code
    from read_parquet('@DELIVERY@/visits.parquet') as visits
    join units on units.unit_id = visits.unit_id
    join patients on patients.patient_id = visits.patient_id
    where visits.status = 'attended'
),

referrals as (
    select referral_id, patient_id, unit_id, cast(received_date as date) as received_date
    from read_csv('@DELIVERY@/referrals.csv', header = true, all_varchar = true)
),

plans as (
    select
        patient_id,
        unit_id,
        cast(created_date as date) as created_date,
        coalesce(try_cast(goals_documented as boolean), false)
            and coalesce(try_cast(icf_coded as boolean), false)
            and coalesce(try_cast(patient_participated as boolean), false)
            and coalesce(try_cast(responsibilities_assigned as boolean), false)
            and nullif(follow_up_planned_date, '') is not null as meets_guideline
    from read_csv('@DELIVERY@/plans.csv', header = true, all_varchar = true)
),

admissions as (
    select
        admission_id,
        patient_id,
        unit_id,
        cast(admit_date as date) as admit_date,
        cast(nullif(discharge_date, '') as date) as discharge_date,
        admission_type,
        nullif(discharge_to, '') as discharge_to
    from read_csv('@DELIVERY@/admissions.csv', header = true, all_varchar = true)
),

-- E1.access_rate -----------------------------------------------------------------------------
access as (
    select
        quarter_label(visit_date) as period,
        year(visit_date) as year,
        left(municipality_code, 2) as region_code,
        municipality_code as group_code,
        count(distinct patient_id) as persons
    from attended
    where municipality_code is not null
    group by all
),

-- E1.wait_days_median: first attended visit on the referral on or after its received date -----
first_visits as (
    select
        referrals.referral_id,
        any_value(referrals.patient_id) as patient_id,
        any_value(referrals.unit_id) as unit_id,
        any_value(referrals.received_date) as received_date,
        min(attended.visit_date) as first_visit_date
    from referrals
    join attended
        on attended.referral_id = referrals.referral_id
        and attended.visit_date >= referrals.received_date
    group by referrals.referral_id
),

waits as (
    select
        quarter_label(first_visits.first_visit_date) as period,
        units.region_code,
        patients.municipality_code as group_code,
        count(*) as referrals,
        quantile_cont(first_visits.first_visit_date - first_visits.received_date, 0.5) as median_days
    from first_visits
    join units on units.unit_id = first_visits.unit_id
    join patients on patients.patient_id = first_visits.patient_id
    where patients.municipality_code is not null
    group by all
),

-- E2.plan_guideline_share ----------------------------------------------------------------------
plan_cells as (
    select
        quarter_label(plans.created_date) as period,
        units.region_code,
        patients.municipality_code as group_code,
        count(*) filter (where plans.meets_guideline) as numerator,
        count(*) as denominator
    from plans
    join units on units.unit_id = plans.unit_id
    join patients on patients.patient_id = plans.patient_id
    where plans.created_date is not null and patients.municipality_code is not null
    group by all
),

-- E3.coordinated_visit_share -------------------------------------------------------------------
coordinated_cells as (
    select
        quarter_label(visit_date) as period,
        region_code,
        municipality_code as group_code,
        count(*) filter (where coordinated) as numerator,
        count(*) as denominator
    from attended
    where municipality_code is not null
    group by all
),

-- E6.readmission_30d_share: merge touching admissions of a patient into stays ---------------------
admission_reach as (
    select
        admissions.*,
        case
            when discharge_date is null then (select extract_date from cutoff)
            when discharge_to = 'other_hospital' then discharge_date + 1
            else discharge_date
        end as reach_date
    from admissions
),

admission_gaps as (
    select
        admission_reach.*,
        max(reach_date) over (
            partition by patient_id order by admit_date, discharge_date nulls last, admission_id
            rows between unbounded preceding and 1 preceding
        ) as previous_reach
    from admission_reach
),

admission_stays as (
    select
        admission_gaps.*,
        sum(case when admit_date <= previous_reach then 0 else 1 end) over (
            partition by patient_id order by admit_date, discharge_date nulls last, admission_id
            rows between unbounded preceding and current row
        ) as stay_number
    from admission_gaps
),

stays as (
    select
        patient_id,
        stay_number,
        min(admit_date) as admit_date,
        case when count(discharge_date) = count(*) then max(discharge_date) end as discharge_date,
        arg_min(admission_type, (admit_date, coalesce(discharge_date, date '9999-12-31'), admission_id))
            as admission_type,
        arg_max(discharge_to, (coalesce(discharge_date, date '9999-12-31'), admit_date, admission_id))
            as discharge_to,
        arg_max(unit_id, (coalesce(discharge_date, date '9999-12-31'), admit_date, admission_id))
            as discharge_unit_id
    from admission_stays
    group by patient_id, stay_number
),

index_stays as (
    select
        stays.patient_id,
        stays.discharge_date,
        stays.discharge_unit_id,
        exists (
            select 1 from stays as later
            where later.patient_id = stays.patient_id
                and later.admission_type = 'acute'
                and later.admit_date between stays.discharge_date + 1 and stays.discharge_date + 30
        ) as readmitted
    from stays
    where stays.discharge_date is not null
        and coalesce(stays.discharge_to, '') <> 'deceased'
        and stays.discharge_date + 30 <= (select extract_date from cutoff)
),

readmission_cells as (
    select
        quarter_label(index_stays.discharge_date) as period,
        units.region_code,
        patients.municipality_code as group_code,
        count(*) filter (where index_stays.readmitted) as numerator,
        count(*) as denominator
    from index_stays
    join units on units.unit_id = index_stays.discharge_unit_id
    join patients on patients.patient_id = index_stays.patient_id
    where patients.municipality_code is not null
    group by all
)

select
    'E1.access_rate' as metric_id, access.period, access.region_code, access.group_code,
    cast(access.persons as double) as numerator,
    cast(population.population as double) as denominator,
    cast(access.persons as double) / population.population * 1000 as value
from access
join population on population.year = access.year and population.municipality_code = access.group_code
union all
select
    'E1.wait_days_median', period, region_code, group_code,
    cast(null as double), cast(referrals as double), cast(median_days as double)
from waits
union all
select
    'E2.plan_guideline_share', period, region_code, group_code,
    cast(numerator as double), cast(denominator as double), cast(numerator as double) / denominator
from plan_cells
union all
select
    'E3.coordinated_visit_share', period, region_code, group_code,
    cast(numerator as double), cast(denominator as double), cast(numerator as double) / denominator
from coordinated_cells
union all
select
    'E6.readmission_30d_share', period, region_code, group_code,
    cast(numerator as double), cast(denominator as double), cast(numerator as double) / denominator
from readmission_cells
order by 1, 2, 3, 4;
