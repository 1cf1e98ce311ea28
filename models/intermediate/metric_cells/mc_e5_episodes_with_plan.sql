-- E5.episodes_with_plan_share: episodes with a plan (same referral_id, or same patient and unit
-- created before first visit + 30 days; see int_episode_flags) / episodes, attributed to the first
-- visit date. Only episodes whose 30-day plan window is observed (first visit + 30 <= cut-off).
-- Age band at the first visit; the receiving unit's region and care level.
with observations as (
    select
        'E5.episodes_with_plan_share' as metric_id,
        episodes.start_date as attribution_date,
        episodes.region_code,
        episodes.care_level,
        episodes.municipality_code,
        episodes.profession,
        episodes.diagnosis_group,
        episodes.age_band_start as age_band,
        episodes.sex,
        episodes.need_level,
        episodes.patient_id as person_id,
        case when flags.has_plan then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_episodes') }} as episodes
    inner join {{ ref('int_episode_flags') }} as flags on episodes.episode_id = flags.episode_id
    where flags.plan_window_observed
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
