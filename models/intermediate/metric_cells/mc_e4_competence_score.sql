-- E4.competence_score_mean (value type mean): mean competence_development_score (1–5) of the
-- staff-survey responses, attributed to the survey date; t interval in marts.metric_values.
-- Region, care level and profession: the respondent's unit and profession when staff_id names a
-- staff member. Anonymous responses (staff_id null) and responses of unknown staff have no unit:
-- they count in the care-level slice `all` and the total only, in the region of their delivery
-- (the manifest's region_code, else the region of the delivery's units when they all share one).
-- When neither gives a region (a multi-region delivery without a manifest region), anonymous
-- responses are left out: they cannot be placed in a region.
-- Persons for disclosure control: staff members; each anonymous response counts as one person.
with deliveries_single_region as (
    select delivery_id, min(region_code) as region_code
    from {{ ref('stg_units') }}
    group by delivery_id
    having count(distinct region_code) = 1
),

delivery_regions as (
    select
        deliveries.delivery_id,
        coalesce(deliveries.region_code, deliveries_single_region.region_code) as region_code
    from {{ ref('stg_deliveries') }} as deliveries
    left join deliveries_single_region on deliveries.delivery_id = deliveries_single_region.delivery_id
),

responses as (
    select
        survey.*,
        row_number() over (
            order by survey.survey_date, survey.staff_id, survey.competence_development_score, survey.delivery_id
        ) as response_number
    from {{ ref('stg_staff_survey') }} as survey
    where survey.survey_date is not null and survey.competence_development_score is not null
),

observations as (
    select
        'E4.competence_score_mean' as metric_id,
        responses.survey_date as attribution_date,
        coalesce(staff.region_code, delivery_regions.region_code) as region_code,
        staff.care_level,
        staff.profession,
        coalesce(responses.staff_id, 'response:' || cast(responses.response_number as {{ dbt.type_string() }})) as person_id,
        0 as numerator_value,
        1 as denominator_value,
        cast(responses.competence_development_score as double) as observed_value
    from responses
    left join {{ ref('int_staff') }} as staff on responses.staff_id = staff.staff_id
    left join delivery_regions on responses.delivery_id = delivery_regions.delivery_id
    where coalesce(staff.region_code, delivery_regions.region_code) is not null
)

{{ metric_cells('observations', ['care_level', 'profession'], statistic='mean') }}
