-- E6.admission_after_rehab_share: ended episodes followed by an acute (merged) stay admitted 1-90
-- days after the episode end / ended episodes (int_episodes, int_episode_flags), attributed to the
-- episode end. "Episodes ended" are episodes with an end date (closed, or 90 days quiet after the
-- last visit); ongoing episodes are left out, as are closed episodes whose 90-day window ends after
-- the cut-off. Receiving unit's region and care level; age band at the episode end.
with observations as (
    select
        'E6.admission_after_rehab_share' as metric_id,
        episodes.end_date as attribution_date,
        episodes.region_code,
        episodes.care_level,
        episodes.municipality_code,
        episodes.profession,
        episodes.diagnosis_group,
        episodes.age_band_end as age_band,
        episodes.sex,
        episodes.need_level,
        episodes.patient_id as person_id,
        case when flags.acute_admission_90d then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_episodes') }} as episodes
    inner join {{ ref('int_episode_flags') }} as flags on episodes.episode_id = flags.episode_id
    where episodes.end_date is not null
        and flags.admission_window_observed
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
