-- Episodes of care (vårdförlopp): one row per referral with at least one attended visit.
--
-- Choices (metrics.md "Definitions" made exact):
-- * The episode's visits are the referral's attended visits on or after its received date (the
--   same visits that define the first visit in int_referrals); cancelled and no-show visits and
--   visits before the received date are ignored for start, end, visit count and cost.
-- * start_date = first visit. end_date = closed_date when the referral is closed; otherwise the
--   last attended visit, but only when the 90 days after it (var episode_quiet_days) lie on or
--   before the cut-off (last visit + 90 <= extract date) — no attended visit can follow it then.
--   Otherwise the episode is ongoing and end_date is null ("episodes ended" = end_date not null).
-- * cost_sek sums cost_sek of the episode's attended visits; visits without a cost count as
--   unknown (visits_without_cost says how many), and an episode where no visit has a cost has a
--   null cost.
-- * Breakdown attributes: the receiving unit's care level and region, the patient's home
--   municipality and sex, the referral's profession, diagnosis group and need level; age bands at
--   the start (first visit) and at the end.
with episode_visits as (
    select
        referrals.referral_id,
        count(*) as visits,
        count(visits.cost_sek) as visits_with_cost,
        sum(visits.cost_sek) as cost_sek
    from {{ ref('int_referrals') }} as referrals
    inner join {{ ref('stg_visits') }} as visits
        on visits.referral_id = referrals.referral_id
        and visits.status = 'attended'
        and visits.visit_date >= referrals.received_date
    group by referrals.referral_id
),

episodes as (
    select
        referrals.referral_id as episode_id,
        referrals.referral_id,
        referrals.patient_id,
        referrals.unit_id,
        referrals.received_date,
        referrals.first_visit_date as start_date,
        referrals.last_visit_date,
        referrals.closed_date,
        referrals.close_reason,
        case
            when referrals.closed_date is not null then referrals.closed_date
            when cast({{ dbt.dateadd('day', var('episode_quiet_days'), 'referrals.last_visit_date') }} as date) <= {{ cutoff_date() }}
                then referrals.last_visit_date
        end as end_date,
        case
            when referrals.closed_date is not null then 'closed'
            when cast({{ dbt.dateadd('day', var('episode_quiet_days'), 'referrals.last_visit_date') }} as date) <= {{ cutoff_date() }}
                then 'quiet'
        end as end_reason,
        episode_visits.visits,
        episode_visits.visits - episode_visits.visits_with_cost as visits_without_cost,
        episode_visits.cost_sek,
        referrals.care_level,
        referrals.region_code,
        referrals.municipality_code,
        referrals.sex,
        referrals.birth_year,
        referrals.profession,
        referrals.diagnosis_group,
        referrals.need_level
    from {{ ref('int_referrals') }} as referrals
    inner join episode_visits on referrals.referral_id = episode_visits.referral_id
)

select
    episodes.*,
    {{ age_band(age_at('start_date', 'birth_year')) }} as age_band_start,
    {{ age_band(age_at('end_date', 'birth_year')) }} as age_band_end
from episodes
