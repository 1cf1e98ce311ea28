-- Per episode (int_episodes): whether it has a rehabilitation plan (E5.episodes_with_plan_share)
-- and what followed its end (E6.admission_after_rehab_share, E6.return_visit_30d_share), each with
-- a flag saying whether its window is fully observed before the cut-off.
--
-- Choices:
-- * has_plan: a plan with the episode's referral_id (created at any time), or a plan of the same
--   patient at the same unit created before first visit + 30 days (created_date < start_date + 30,
--   var plan_before_first_visit_days; no lower bound, as metrics.md gives none). plan_window_observed:
--   start_date + 30 <= cut-off.
-- * acute_admission_90d: a merged stay (int_stays) whose first admission is `acute`, admitted 1-90
--   days after the episode end (day 0 = end day, var admission_after_rehab_days). Observed when the
--   episode has ended and end_date + 90 <= cut-off (always true for episodes ended by 90 quiet days).
-- * unplanned_visit_30d: an attended visit with planned = false of the same patient (any unit, any
--   referral), 1-30 days after the episode end (var return_visit_window_days). Observed when the
--   episode has ended and end_date + 30 <= cut-off.
with episodes as (
    select episode_id, referral_id, patient_id, unit_id, start_date, end_date
    from {{ ref('int_episodes') }}
),

plan_links as (
    select episodes.episode_id, plans.plan_id
    from episodes
    inner join {{ ref('stg_plans') }} as plans on plans.referral_id = episodes.referral_id
    union
    select episodes.episode_id, plans.plan_id
    from episodes
    inner join {{ ref('stg_plans') }} as plans
        on plans.patient_id = episodes.patient_id
        and plans.unit_id = episodes.unit_id
        and plans.created_date < cast({{ dbt.dateadd('day', var('plan_before_first_visit_days'), 'episodes.start_date') }} as date)
),

plans_per_episode as (
    select episode_id, count(*) as plans
    from plan_links
    group by episode_id
),

acute_after_end as (
    select episodes.episode_id, min(stays.admit_date) as first_acute_admit_date
    from episodes
    inner join {{ ref('int_stays') }} as stays
        on stays.patient_id = episodes.patient_id
        and stays.admission_type = 'acute'
        and stays.admit_date > episodes.end_date
        and stays.admit_date <= cast({{ dbt.dateadd('day', var('admission_after_rehab_days'), 'episodes.end_date') }} as date)
    group by episodes.episode_id
),

unplanned_after_end as (
    select episodes.episode_id, min(visits.visit_date) as first_unplanned_visit_date
    from episodes
    inner join {{ ref('stg_visits') }} as visits
        on visits.patient_id = episodes.patient_id
        and visits.status = 'attended'
        and visits.planned = false
        and visits.visit_date > episodes.end_date
        and visits.visit_date <= cast({{ dbt.dateadd('day', var('return_visit_window_days'), 'episodes.end_date') }} as date)
    group by episodes.episode_id
)

select
    episodes.episode_id,
    coalesce(plans_per_episode.plans, 0) as linked_plans,
    plans_per_episode.plans is not null as has_plan,
    cast({{ dbt.dateadd('day', var('plan_before_first_visit_days'), 'episodes.start_date') }} as date) <= {{ cutoff_date() }}
        as plan_window_observed,
    acute_after_end.first_acute_admit_date,
    acute_after_end.episode_id is not null as acute_admission_90d,
    coalesce(
        cast({{ dbt.dateadd('day', var('admission_after_rehab_days'), 'episodes.end_date') }} as date) <= {{ cutoff_date() }}, false
    ) as admission_window_observed,
    unplanned_after_end.first_unplanned_visit_date,
    unplanned_after_end.episode_id is not null as unplanned_visit_30d,
    coalesce(
        cast({{ dbt.dateadd('day', var('return_visit_window_days'), 'episodes.end_date') }} as date) <= {{ cutoff_date() }}, false
    ) as return_window_observed
from episodes
left join plans_per_episode on episodes.episode_id = plans_per_episode.episode_id
left join acute_after_end on episodes.episode_id = acute_after_end.episode_id
left join unplanned_after_end on episodes.episode_id = unplanned_after_end.episode_id
