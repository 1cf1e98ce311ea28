-- E5.patient_stories_count: patient stories collected, attributed to the story date, by the extra
-- dimension `theme` (only this metric has it) and the care level of the collecting unit. Only
-- counts leave the raw layer: the story text is never read (stg_patient_stories has no text
-- column). Each story counts as one "person" for suppression (stories carry no patient), so a
-- cell of 1-4 stories is suppressed; numerator and denominator both count stories.
with observations as (
    select
        'E5.patient_stories_count' as metric_id,
        stories.story_date as attribution_date,
        units.region_code,
        units.care_level,
        stories.theme,
        stories.story_id as person_id,
        1 as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('stg_patient_stories') }} as stories
    inner join {{ ref('stg_units') }} as units on stories.unit_id = units.unit_id
)

{{ metric_cells('observations', ['care_level', 'theme']) }}
