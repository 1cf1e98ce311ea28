-- E2.plan_guideline_share: plans meeting all five guideline criteria (goals documented, ICF-coded,
-- patient participated, responsibilities assigned, planned follow-up date present; a null
-- criterion is not met) / plans, attributed to the created date.
-- Region and care level: the plan's unit. Municipality, sex, age band (year of created date minus
-- birth year): the patient. Profession, diagnosis group, need level: the plan's referral (plans
-- without referral_id are left out of those three breakdowns only). Persons: patients.
with observations as (
    select
        'E2.plan_guideline_share' as metric_id,
        created_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        {{ age_band(age_at('created_date', 'birth_year')) }} as age_band,
        sex,
        need_level,
        patient_id as person_id,
        case when meets_guideline then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_plans') }}
    where created_date is not null
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
