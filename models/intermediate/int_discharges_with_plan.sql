-- Discharges of E5.handover_within_14d_share: merged stays (int_stays) discharged to `home` or
-- `municipal_care` of patients with a rehabilitation plan created during the stay, and whether an
-- attended visit at a primary-care or municipal unit followed within 14 days.
--
-- Choices:
-- * A discharge is the end of a merged stay (a same-day transfer or next-day other-hospital
--   admission is not a discharge); its destination is the merged stay's last discharge_to.
-- * "Plan created during the stay": any plan of the patient (any unit) with
--   admit_date <= created_date <= discharge_date.
-- * "Within 14 days": visit_date from the discharge day (day 0) to discharge + 14 days inclusive
--   (var handover_window_days), any referral and profession, at a unit whose care level is
--   `primary` or `municipal`. window_observed: discharge + 14 <= cut-off.
-- * Breakdown attributes are the stay's: the discharging inpatient unit's region and care level,
--   the main diagnosis of the first admission, age at discharge.
with discharges as (
    select *
    from {{ ref('int_stays') }}
    where discharge_date is not null
        and discharge_to in ('home', 'municipal_care')
),

plans_during_stay as (
    select discharges.stay_id, count(*) as plans
    from discharges
    inner join {{ ref('stg_plans') }} as plans
        on plans.patient_id = discharges.patient_id
        and plans.created_date >= discharges.admit_date
        and plans.created_date <= discharges.discharge_date
    group by discharges.stay_id
),

visits_after as (
    select discharges.stay_id, min(visits.visit_date) as first_visit_date
    from discharges
    inner join {{ ref('stg_visits') }} as visits
        on visits.patient_id = discharges.patient_id
        and visits.status = 'attended'
        and visits.visit_date >= discharges.discharge_date
        and visits.visit_date <= cast({{ dbt.dateadd('day', var('handover_window_days'), 'discharges.discharge_date') }} as date)
    inner join {{ ref('stg_units') }} as units
        on visits.unit_id = units.unit_id
        and units.care_level in ('primary', 'municipal')
    group by discharges.stay_id
)

select
    discharges.stay_id,
    discharges.patient_id,
    discharges.admit_date,
    discharges.discharge_date,
    discharges.discharge_to,
    discharges.discharge_unit_id,
    discharges.care_level,
    discharges.region_code,
    discharges.municipality_code,
    discharges.sex,
    discharges.age_band,
    discharges.diagnosis_group,
    plans_during_stay.plans as plans_during_stay,
    visits_after.first_visit_date as first_follow_up_visit_date,
    {{ dbt.datediff('discharges.discharge_date', 'visits_after.first_visit_date', 'day') }} as days_to_follow_up_visit,
    visits_after.stay_id is not null as handover_within_14d,
    cast({{ dbt.dateadd('day', var('handover_window_days'), 'discharges.discharge_date') }} as date) <= {{ cutoff_date() }}
        as window_observed
from discharges
inner join plans_during_stay on discharges.stay_id = plans_during_stay.stay_id
left join visits_after on discharges.stay_id = visits_after.stay_id
