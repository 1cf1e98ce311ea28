-- E1.wait_days_median and E1.wait_days_p90: days from received date to the referral's first
-- attended visit, attributed to the first visit date.
with observations as (
    select
        'wait' as metric_id,
        first_visit_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        {{ age_band(age_at('first_visit_date', 'birth_year')) }} as age_band,
        sex,
        need_level,
        patient_id as person_id,
        0 as numerator_value,
        1 as denominator_value,
        cast(wait_days as double) as observed_value
    from {{ ref('int_referrals') }}
    where first_visit_date is not null
)

{% set dims = ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'] %}
{{ metric_cells('observations', dims, outputs=[['E1.wait_days_median', 'median'], ['E1.wait_days_p90', 'p90']]) }}
