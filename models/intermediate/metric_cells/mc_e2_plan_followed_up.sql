-- E2.plan_followed_up_share: plans followed up no later than var('plan_follow_up_grace_days')
-- (14) days after follow_up_planned_date (day 14 counts, day 15 not; earlier than planned counts)
-- / plans with a planned follow-up date, attributed to the planned follow-up date. Only plans
-- whose 14-day window ends on or before the cut-off (int_plans.follow_up_window_observed); plans
-- of every status count. Breakdowns and persons as E2.plan_guideline_share; age at the planned
-- follow-up date.
with observations as (
    select
        'E2.plan_followed_up_share' as metric_id,
        follow_up_planned_date as attribution_date,
        region_code,
        care_level,
        municipality_code,
        profession,
        diagnosis_group,
        {{ age_band(age_at('follow_up_planned_date', 'birth_year')) }} as age_band,
        sex,
        need_level,
        patient_id as person_id,
        case when followed_up_on_time then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_plans') }}
    where follow_up_planned_date is not null
        and follow_up_window_observed
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
