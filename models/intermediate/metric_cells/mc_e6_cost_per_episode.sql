-- E6.cost_per_episode_mean: mean (t interval from point_sd and point_n) of the summed cost_sek of
-- an ended episode's attended visits (int_episodes), attributed to the episode end. Ongoing
-- episodes are left out; episodes without any known visit cost are left out of the mean (and of
-- the denominator persons). Receiving unit's region and care level; age band at the episode end.
with observations as (
    select
        'E6.cost_per_episode_mean' as metric_id,
        end_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        age_band_end as age_band,
        sex,
        need_level,
        patient_id as person_id,
        0 as numerator_value,
        case when cost_sek is not null then 1 else 0 end as denominator_value,
        cost_sek as observed_value
    from {{ ref('int_episodes') }}
    where end_date is not null
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'], statistic='mean') }}
