-- E5.participation_positive_share and E5.continuity_positive_share: patient-survey responses
-- scoring 4-5 / responses (with a score for that question), attributed to the response date.
-- Region and care level are the responding unit's; municipality, sex and age band (at the response
-- date) come from the patient when the response carries a patient_id. For suppression an anonymous
-- response (no patient_id) counts as one person of its own.
with responses as (
    select
        survey.response_id,
        survey.response_date,
        survey.participation_score,
        survey.continuity_score,
        units.region_code,
        units.care_level,
        patients.municipality_code,
        patients.sex,
        {{ age_band(age_at('survey.response_date', 'patients.birth_year')) }} as age_band,
        coalesce(survey.patient_id, 'response:' || survey.response_id) as person_id
    from {{ ref('stg_patient_survey') }} as survey
    inner join {{ ref('stg_units') }} as units on survey.unit_id = units.unit_id
    left join {{ ref('int_patients') }} as patients on survey.patient_id = patients.patient_id
),

observations as (
    {% for metric_id, score in [('E5.participation_positive_share', 'participation_score'),
                                ('E5.continuity_positive_share', 'continuity_score')] %}
    select
        '{{ metric_id }}' as metric_id,
        response_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        sex,
        age_band,
        person_id,
        case when {{ score }} >= 4 then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from responses
    where {{ score }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'age_band', 'sex']) }}
