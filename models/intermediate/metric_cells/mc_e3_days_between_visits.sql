-- E3.days_between_visits_median: days between consecutive attended visits of one referral
-- (median, continuous quantile), attributed to the later visit's date.
-- The visits of a referral are its attended visits with that referral_id on or after the
-- referral's received_date (as for the first visit of E1; earlier visits are ignored), ordered by
-- visit_date, then visit_id. Every visit but the first gives one observation: days since the
-- previous visit (two visits on one day give 0). Visits without referral_id do not count.
-- Breakdowns from the later visit (its unit's region and care level, its profession, the patient's
-- home municipality, sex and age band at the later visit, the referral's diagnosis group and need
-- level). Persons: patients.
with visits as (
    select
        visits.visit_date,
        visits.region_code,
        visits.care_level,
        visits.municipality_code,
        visits.profession,
        visits.diagnosis_group,
        visits.age_band,
        visits.sex,
        visits.need_level,
        visits.patient_id,
        lag(visits.visit_date) over (
            partition by visits.referral_id order by visits.visit_date, visits.visit_id
        ) as previous_visit_date
    from {{ ref('int_attended_visits') }} as visits
    inner join {{ ref('stg_referrals') }} as referrals
        on visits.referral_id = referrals.referral_id
        and visits.visit_date >= referrals.received_date
),

observations as (
    select
        'E3.days_between_visits_median' as metric_id,
        visit_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        age_band,
        sex,
        need_level,
        patient_id as person_id,
        0 as numerator_value,
        1 as denominator_value,
        cast({{ dbt.datediff('previous_visit_date', 'visit_date', 'day') }} as double) as observed_value
    from visits
    where previous_visit_date is not null
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'], statistic='median') }}
