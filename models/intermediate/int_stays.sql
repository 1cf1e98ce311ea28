-- Inpatient stays: admissions of one patient merged when they touch, with the index-stay and
-- 30-day readmission flags of E6.readmission_30d_share.
--
-- Merging (metrics.md): admissions are ordered by admit date (then discharge date, admission id).
-- An admission continues the current stay when it is admitted on or before the latest "reach" of
-- the stay's earlier admissions, where reach = discharge date, or discharge date + 1 day when that
-- admission was discharged to `other_hospital` (transfer: admitted the same or next day), or the
-- cut-off while still admitted (no discharge date). Otherwise it starts a new stay.
-- The merged stay keeps the first admit date, the first admission's admission type, main
-- diagnosis and unit; the last discharge (null when any of its admissions is still open), and the
-- discharge_to and unit of the admission discharged last (the discharging unit). Region and care
-- level are the discharging unit's.
--
-- Index stay: discharged alive (discharge date known, discharge_to not `deceased`; a missing
-- discharge_to counts as alive) and 30-day window observed (discharge date + 30 <= cut-off).
-- readmitted_30d: another merged stay of the patient whose first admission is `acute`, admitted 1-30
-- days after the discharge (day 0 = discharge day; day 30 counts, day 31 not). Deaths after
-- discharge are not excluded (the definition asks only for a live discharge).
with admissions as (
    select
        admissions.admission_id,
        admissions.patient_id,
        admissions.unit_id,
        admissions.admit_date,
        admissions.discharge_date,
        admissions.admission_type,
        admissions.main_diagnosis_code,
        admissions.discharge_to,
        admissions.cost_sek,
        case
            when admissions.discharge_date is null then {{ cutoff_date() }}
            when admissions.discharge_to = 'other_hospital'
                then cast({{ dbt.dateadd('day', 1, 'admissions.discharge_date') }} as date)
            else admissions.discharge_date
        end as reach_date
    from {{ ref('stg_admissions') }} as admissions
),

ordered as (
    select
        admissions.*,
        max(reach_date) over (
            partition by patient_id
            order by admit_date, discharge_date nulls last, admission_id
            rows between unbounded preceding and 1 preceding
        ) as previous_reach_date
    from admissions
),

numbered as (
    select
        ordered.*,
        sum(case when previous_reach_date is not null and admit_date <= previous_reach_date then 0 else 1 end) over (
            partition by patient_id
            order by admit_date, discharge_date nulls last, admission_id
            rows between unbounded preceding and current row
        ) as stay_number
    from ordered
),

ranked as (
    select
        numbered.*,
        row_number() over (
            partition by patient_id, stay_number
            order by admit_date, discharge_date nulls last, admission_id
        ) as first_rank,
        row_number() over (
            partition by patient_id, stay_number
            order by discharge_date desc nulls first, admit_date desc, admission_id desc
        ) as last_rank
    from numbered
),

merged as (
    select
        patient_id,
        stay_number,
        min(case when first_rank = 1 then admission_id end) as stay_id,
        min(admit_date) as admit_date,
        case when count(discharge_date) = count(*) then max(discharge_date) end as discharge_date,
        min(case when last_rank = 1 then discharge_to end) as discharge_to,
        min(case when first_rank = 1 then admission_type end) as admission_type,
        min(case when first_rank = 1 then main_diagnosis_code end) as main_diagnosis_code,
        min(case when first_rank = 1 then unit_id end) as first_unit_id,
        min(case when last_rank = 1 then unit_id end) as discharge_unit_id,
        count(*) as admissions,
        sum(cost_sek) as cost_sek
    from ranked
    group by patient_id, stay_number
),

readmissions as (
    select
        stays.stay_id,
        min({{ dbt.datediff('stays.discharge_date', 'later.admit_date', 'day') }}) as days_to_acute_readmission
    from merged as stays
    inner join merged as later
        on later.patient_id = stays.patient_id
        and later.admission_type = 'acute'
        and later.admit_date > stays.discharge_date
        and later.admit_date <= cast({{ dbt.dateadd('day', var('readmission_window_days'), 'stays.discharge_date') }} as date)
    group by stays.stay_id
),

stays as (
    select
        merged.stay_id,
        merged.patient_id,
        merged.admit_date,
        merged.discharge_date,
        merged.discharge_to,
        merged.admission_type,
        merged.main_diagnosis_code,
        coalesce(diagnosis_codes.diagnosis_group, 'other') as diagnosis_group,
        merged.first_unit_id,
        merged.discharge_unit_id,
        units.care_level,
        units.region_code,
        merged.admissions,
        merged.cost_sek,
        patients.municipality_code,
        patients.sex,
        patients.birth_year,
        {{ age_at('merged.discharge_date', 'patients.birth_year') }} as age_at_discharge,
        merged.discharge_date is not null and coalesce(merged.discharge_to, '') <> 'deceased' as discharged_alive,
        merged.discharge_date is not null
            and cast({{ dbt.dateadd('day', var('readmission_window_days'), 'merged.discharge_date') }} as date) <= {{ cutoff_date() }}
            as window_observed,
        readmissions.days_to_acute_readmission
    from merged
    inner join {{ ref('stg_units') }} as units on merged.discharge_unit_id = units.unit_id
    inner join {{ ref('int_patients') }} as patients on merged.patient_id = patients.patient_id
    left join {{ ref('int_diagnosis_codes') }} as diagnosis_codes
        on merged.main_diagnosis_code = diagnosis_codes.diagnosis_code
    left join readmissions on merged.stay_id = readmissions.stay_id
)

select
    stays.*,
    {{ age_band('age_at_discharge') }} as age_band,
    discharged_alive and window_observed as is_index_stay,
    days_to_acute_readmission is not null as readmitted_30d
from stays
