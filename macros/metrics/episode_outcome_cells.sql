{#- Cells of a share of ended episodes with an outcome after their end (E6.admission_after_rehab_share,
    E6.return_visit_30d_share): ended episodes (int_episodes, end date known) whose outcome window is
    observed before the cut-off (int_episode_flags.<window_observed_column>), numerator the episodes
    with <outcome_column>, attributed to the episode end. Receiving unit's region and care level;
    age band at the episode end. -#}
{% macro episode_outcome_cells(metric_id, outcome_column, window_observed_column) %}
with observations as (
    select
        '{{ metric_id }}' as metric_id,
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
        case when flags.{{ outcome_column }} then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_episodes') }} as episodes
    inner join {{ ref('int_episode_flags') }} as flags on episodes.episode_id = flags.episode_id
    where episodes.end_date is not null
        and flags.{{ window_observed_column }}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
{% endmacro %}
