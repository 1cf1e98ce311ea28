-- E1.unmet_need_share and E1.unmet_need_count: referrals whose assessment confirmed a need and
-- that got no attended visit within 90 days after the assessment. Referrals closed as declined or
-- deceased without any attended visit are left out; only windows observed before the cut-off.
with visits_after_assessment as (
    select distinct referrals.referral_id
    from {{ ref('int_referrals') }} as referrals
    inner join {{ ref('stg_visits') }} as visits
        on visits.referral_id = referrals.referral_id
        and visits.status = 'attended'
        and visits.visit_date >= referrals.assessed_date
        and visits.visit_date <= cast({{ dbt.dateadd('day', var('unmet_need_window_days'), 'referrals.assessed_date') }} as date)
),

observations as (
    select
        'unmet' as metric_id,
        referrals.assessed_date as attribution_date,
        referrals.region_code,
        referrals.care_level,
        referrals.municipality_code,
        referrals.profession,
        referrals.diagnosis_group,
        {{ age_band(age_at('referrals.assessed_date', 'referrals.birth_year')) }} as age_band,
        referrals.sex,
        referrals.need_level,
        referrals.patient_id as person_id,
        case when visits_after_assessment.referral_id is null then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_referrals') }} as referrals
    left join visits_after_assessment on referrals.referral_id = visits_after_assessment.referral_id
    where referrals.need_confirmed
        and referrals.assessed_date is not null
        and cast({{ dbt.dateadd('day', var('unmet_need_window_days'), 'referrals.assessed_date') }} as date) <= {{ cutoff_date() }}
        and not (coalesce(referrals.close_reason, '') in ('declined', 'deceased') and referrals.attended_visits = 0)
)

{% set dims = ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level'] %}
{{ metric_cells('observations', dims, outputs=[['E1.unmet_need_share', 'sum'], ['E1.unmet_need_count', 'sum']]) }}
