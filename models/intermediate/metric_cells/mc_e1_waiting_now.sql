-- E1.waiting_count and E1.waiting_days_median: referrals open at the end of each month (received,
-- not closed, no first visit yet) and how long they have waited so far. A quarter shows its last
-- month's snapshot, a year December's.
with month_ends as (
    select month_end from {{ ref('int_calendar_months') }}
),

observations as (
    select
        'waiting' as metric_id,
        month_ends.month_end as attribution_date,
        referrals.region_code,
        referrals.care_level,
        referrals.municipality_code,
        referrals.profession,
        referrals.diagnosis_group,
        {{ age_band(age_at('month_ends.month_end', 'referrals.birth_year')) }} as age_band,
        referrals.sex,
        referrals.need_level,
        referrals.patient_id as person_id,
        1 as numerator_value,
        1 as denominator_value,
        cast({{ dbt.datediff('referrals.received_date', 'month_ends.month_end', 'day') }} as double) as observed_value
    from {{ ref('int_referrals') }} as referrals
    inner join month_ends
        on referrals.received_date <= month_ends.month_end
        and (referrals.closed_date is null or referrals.closed_date > month_ends.month_end)
        and (referrals.first_visit_date is null or referrals.first_visit_date > month_ends.month_end)
    where month_ends.month_end <= {{ cutoff_date() }}
)

{% set dims = ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'] %}
{{ metric_cells('observations', dims, snapshot=true, outputs=[['E1.waiting_count', 'sum'], ['E1.waiting_days_median', 'median']]) }}
