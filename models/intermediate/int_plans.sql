-- Individual rehabilitation plans with the flags the plan metrics (E2, E5) are built on, and the
-- attributes every breakdown needs: the unit's region and care level, the patient's home
-- municipality, sex and birth year, and (for plans that carry a referral_id) the referral's
-- profession, diagnosis group and need level. Plans without referral_id have null profession,
-- diagnosis group and need level: they are left out of those breakdowns only.
--
-- meets_guideline: all five guideline criteria hold: goals documented, ICF-coded, patient
--   participated, responsibilities assigned, and a planned follow-up date exists. A null criterion
--   counts as not met.
-- follow_up_due_date: follow_up_planned_date + var('plan_follow_up_grace_days') (14): the last
--   day a follow-up counts as on time (day 14 counts, day 15 not). A follow-up before the planned
--   date is on time.
-- follow_up_window_observed: the due date is on or before the data cut-off (plans whose window is
--   not yet observed are left out of E2.plan_followed_up_share, never counted as late).
with plans as (
    select * from {{ ref('stg_plans') }}
),

cutoff as (
    select extract_date from {{ ref('int_cutoff') }}
)

select
    plans.plan_id,
    plans.patient_id,
    plans.referral_id,
    plans.unit_id,
    plans.created_date,
    plans.goals_documented,
    plans.icf_coded,
    plans.patient_participated,
    plans.responsibilities_assigned,
    plans.follow_up_planned_date,
    plans.followed_up_date,
    plans.shared_with_patient,
    plans.shared_with_next_provider,
    plans.status,
    plans.closed_date,
    plans.goals_met,
    (
        coalesce(plans.goals_documented, false)
        and coalesce(plans.icf_coded, false)
        and coalesce(plans.patient_participated, false)
        and coalesce(plans.responsibilities_assigned, false)
        and plans.follow_up_planned_date is not null
    ) as meets_guideline,
    cast({{ dbt.dateadd('day', var('plan_follow_up_grace_days'), 'plans.follow_up_planned_date') }} as date)
        as follow_up_due_date,
    (
        plans.follow_up_planned_date is not null
        and cast({{ dbt.dateadd('day', var('plan_follow_up_grace_days'), 'plans.follow_up_planned_date') }} as date)
            <= cutoff.extract_date
    ) as follow_up_window_observed,
    case
        when plans.follow_up_planned_date is null then null
        else coalesce(
            plans.followed_up_date
            <= cast({{ dbt.dateadd('day', var('plan_follow_up_grace_days'), 'plans.follow_up_planned_date') }} as date),
            false
        )
    end as followed_up_on_time,
    units.care_level,
    units.region_code,
    patients.municipality_code,
    patients.sex,
    patients.birth_year,
    referrals.profession,
    referrals.diagnosis_group,
    referrals.need_level
from plans
cross join cutoff
inner join {{ ref('stg_units') }} as units on plans.unit_id = units.unit_id
inner join {{ ref('int_patients') }} as patients on plans.patient_id = patients.patient_id
left join {{ ref('int_referrals') }} as referrals on plans.referral_id = referrals.referral_id
