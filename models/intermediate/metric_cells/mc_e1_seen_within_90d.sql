-- E1.seen_within_90d_share: referrals with a first attended visit within 90 days of receipt /
-- referrals received; only referrals whose 90-day window ends on or before the cut-off.
with observations as (
    select
        'E1.seen_within_90d_share' as metric_id,
        received_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        {{ age_band(age_at('received_date', 'birth_year')) }} as age_band,
        sex,
        need_level,
        patient_id as person_id,
        case
            when first_visit_date is not null
                and first_visit_date <= cast({{ dbt.dateadd('day', var('wait_window_days'), 'received_date') }} as date)
            then 1 else 0
        end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_referrals') }}
    where cast({{ dbt.dateadd('day', var('wait_window_days'), 'received_date') }} as date) <= {{ cutoff_date() }}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
