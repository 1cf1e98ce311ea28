-- The attribution cohorts behind the completeness of marts.metric_values (int_period_completeness):
-- one row per member of a cohort whose metric has an observation window after its attribution
-- date, by the completeness rule of the metric catalogue (seed metric_catalogue, column
-- completeness_rule), with the member's attribution date, region, the last day of its window
-- (window_end) and whether that day lies on or before the data cut-off (is_observed).
--
-- The cohort is every member the period WILL hold once all windows are observed, not only the
-- members the metric counts today: a referral received on 2025-12-20 belongs to 2025Q4's cohort of
-- E1.seen_within_90d_share although the metric leaves it out until 2026-03-20.
--   received_90d           referrals, received date; window ends received + 90 days (var wait_window_days)
--   assessed_90d           referrals with need_confirmed and an assessed date, without those closed
--                          as declined/deceased without any attended visit; assessed + 90 days
--   planned_follow_up_14d  plans with a planned follow-up date; that date + 14 days
--   first_visit_30d        episodes, first visit; first visit + 30 days
--   discharge_30d          merged stays discharged alive; discharge + 30 days (day 30 counts)
--   discharge_14d          discharges to home or municipal care with a plan made during the stay
--                          (int_discharges_with_plan); discharge + 14 days
--   episode_end_90d / episode_end_30d / episode_end
--                          episodes by their (candidate) end: the closed date, else the last
--                          attended visit. A closed episode's window ends at closed date + the
--                          outcome window (90, 30 or 0 days). An episode that is not closed ends at
--                          its last visit only once 90 quiet days have passed (var
--                          episode_quiet_days), so its window ends at last visit + the longer of the
--                          90 quiet days and the outcome window: both must be observed. An episode
--                          whose quiet days are not over is therefore in the cohort of its last
--                          visit's period and not observed (it may still continue).
-- Metrics with the rules `event` and `stock` have no cohort here (int_period_completeness uses the
-- period's days).
{% set quiet = var('episode_quiet_days') %}
{% set episode_rules = [
    ['episode_end_90d', var('admission_after_rehab_days')],
    ['episode_end_30d', var('return_visit_window_days')],
    ['episode_end', 0],
] %}
with referrals as (
    select * from {{ ref('int_referrals') }}
),

episodes as (
    select
        episode_id,
        region_code,
        start_date,
        closed_date,
        last_visit_date,
        coalesce(closed_date, last_visit_date) as candidate_end_date
    from {{ ref('int_episodes') }}
),

members as (
    select
        'received_90d' as completeness_rule,
        received_date as attribution_date,
        region_code,
        cast({{ dbt.dateadd('day', var('wait_window_days'), 'received_date') }} as date) as window_end
    from referrals
    where received_date is not null

    union all

    select
        'assessed_90d',
        assessed_date,
        region_code,
        cast({{ dbt.dateadd('day', var('unmet_need_window_days'), 'assessed_date') }} as date)
    from referrals
    where need_confirmed
        and assessed_date is not null
        and not (coalesce(close_reason, '') in ('declined', 'deceased') and attended_visits = 0)

    union all

    select
        'planned_follow_up_14d',
        follow_up_planned_date,
        region_code,
        cast({{ dbt.dateadd('day', var('plan_follow_up_grace_days'), 'follow_up_planned_date') }} as date)
    from {{ ref('int_plans') }}
    where follow_up_planned_date is not null

    union all

    select
        'first_visit_30d',
        start_date,
        region_code,
        cast({{ dbt.dateadd('day', var('plan_before_first_visit_days'), 'start_date') }} as date)
    from episodes
    where start_date is not null

    union all

    select
        'discharge_30d',
        discharge_date,
        region_code,
        cast({{ dbt.dateadd('day', var('readmission_window_days'), 'discharge_date') }} as date)
    from {{ ref('int_stays') }}
    where discharged_alive

    union all

    select
        'discharge_14d',
        discharge_date,
        region_code,
        cast({{ dbt.dateadd('day', var('handover_window_days'), 'discharge_date') }} as date)
    from {{ ref('int_discharges_with_plan') }}
    where discharge_date is not null

    {% for rule, outcome_days in episode_rules %}
    union all

    select
        '{{ rule }}',
        candidate_end_date,
        region_code,
        case
            when closed_date is not null
                then cast({{ dbt.dateadd('day', outcome_days, 'closed_date') }} as date)
            else cast({{ dbt.dateadd('day', [quiet, outcome_days] | max, 'last_visit_date') }} as date)
        end
    from episodes
    where candidate_end_date is not null
    {% endfor %}
)

select
    members.completeness_rule,
    members.attribution_date,
    members.region_code,
    members.window_end,
    members.window_end <= cutoff.extract_date as is_observed
from members
cross join {{ ref('int_cutoff') }} as cutoff
