{#- The observations of the shares whose units cluster within persons (catalogue interval_method
    cluster_ratio), written once for their cell models and for the pooled windows of
    effect_goal_status and before_after (int_goal_window_clusters), whose interval needs each
    person's sums over the whole window. A SELECT with metric_id, attribution_date, region_code,
    care_level, the breakdown columns of the metric, person_id (the cluster), numerator_value and
    denominator_value.
      E2.audit_criteria_met_share   audited criteria within the plan's patient (an audit row without a
                                    known plan is its own cluster);
      E3.coordinated_visit_share    attended visits within the patient;
      E3.in_competence_time_share   time-study minutes within the staff member. -#}
{% macro clustered_observations(metric_id) %}
{%- if metric_id == 'E2.audit_criteria_met_share' %}
    select
        'E2.audit_criteria_met_share' as metric_id,
        audits.audit_date as attribution_date,
        units.region_code,
        units.care_level,
        plans.municipality_code,
        plans.profession,
        plans.diagnosis_group,
        {{ age_band(age_at('audits.audit_date', 'plans.birth_year')) }} as age_band,
        plans.sex,
        plans.need_level,
        coalesce(plans.patient_id, 'audit:' || audits.audit_id) as person_id,
        case when audits.met then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('stg_record_audits') }} as audits
    inner join {{ ref('stg_units') }} as units on audits.unit_id = units.unit_id
    left join {{ ref('int_plans') }} as plans on audits.plan_id = plans.plan_id
    where audits.audit_date is not null
{%- elif metric_id == 'E3.coordinated_visit_share' %}
    select
        'E3.coordinated_visit_share' as metric_id,
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
        case when coordinated then 1 else 0 end as numerator_value,
        1 as denominator_value,
        cast(null as double) as observed_value
    from {{ ref('int_attended_visits') }}
{%- elif metric_id == 'E3.in_competence_time_share' %}
    select
        'E3.in_competence_time_share' as metric_id,
        time_use.week_start as attribution_date,
        staff.region_code,
        staff.care_level,
        staff.profession,
        time_use.staff_id as person_id,
        case when time_use.in_competence then time_use.minutes else 0 end as numerator_value,
        time_use.minutes as denominator_value
    from {{ ref('stg_time_use') }} as time_use
    inner join {{ ref('int_staff') }} as staff on time_use.staff_id = staff.staff_id
    where time_use.week_start is not null and time_use.minutes > 0
{%- else %}
    {{ exceptions.raise_compiler_error("clustered_observations: no observations for '" ~ metric_id ~ "'") }}
{%- endif %}
{% endmacro %}
