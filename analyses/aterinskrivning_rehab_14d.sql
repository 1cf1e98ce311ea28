-- Readmission cohort for notebooks/03_aterinskrivningar.ipynb: 30-day acute readmission after
-- index stays with and without an attended rehabilitation visit within 14 days of discharge,
-- by age band at discharge. Descriptive: the groups differ in more than the visit (see the
-- notebook); nothing here estimates an effect.
--
-- Cohort: the index stays of E6.readmission_30d_share (intermediate.int_stays: admissions merged
-- into stays, discharged alive, 30-day window observed), attributed to the discharge date; region
-- and care level of the discharging unit, as the metric.
-- Exposure `rehab_14d`: `med_besok` when the patient has an attended visit (any unit, any care
-- level; intermediate.int_attended_visits) on days 0 .. var('handover_window_days') after the
-- discharge (day 0 = discharge day), else `utan_besok`.
-- Two designs (column `design`):
--   `alla_30d`     every index stay; outcome = readmitted_30d of int_stays (acute stay admitted
--                  1 .. var('readmission_window_days') days after discharge). Its total equals
--                  E6.readmission_30d_share. Immortal-time bias: a patient readmitted on day 3 has
--                  had little time to get a visit.
--   `landmark_14d` landmark analysis at day 14: only stays whose patient was neither readmitted
--                  acutely (days 1-14) nor dead by day 14; outcome = an acute readmission on days
--                  15 .. 30. Exposure is then fixed before follow-up starts.
--
-- Aggregated by the project's aggregate_observations macro (months, quarters, years; care-level
-- slices; persons counted for suppression). Grid: age_band × rehab_14d with margins 'total'.
-- Intervals: Wilson (macros/stats/wilson.sql). Disclosure control with var('suppression_threshold'):
--   * the cells of `alla_30d` that are cells of marts.metric_values (in_metric_values: the total
--     and the age-band margin of E6.readmission_30d_share) take the mart's suppression as it is:
--     primary, complementary within dimensions and across periods (macros/metrics/suppression.sql),
--     so no month the mart hides can be recovered from the cut;
--   * every other cell (the exposure margin, the inner cells, all of `landmark_14d`) gets the
--     primary rule (fewer persons than the threshold in the denominator, or 1 .. threshold - 1 in
--     the numerator), then, three rounds: the mart's rule across periods (suppress_complement_in_time:
--     a month from its quarter or year, a quarter from its year), then complementary suppression
--     along rows (age band) and columns (exposure), twice each: when exactly one cell of a line, its
--     margin included, is suppressed, the line's unsuppressed inner cell with the fewest persons is
--     suppressed too. A mart cell is never a complementary cell, and a margin that is hidden is not
--     recovered as the sum of its inner cells either.
-- Suppressed cells have null numbers.
{%- set visit_days = var('handover_window_days') %}
{%- set keys = 'metric_id, period_type, period_start, region_code, care_level' %}
{%- set line_passes = [('age_band', 'rehab_14d'), ('rehab_14d', 'age_band')] * 2 %}
{%- set steps = ([('time', none)] + line_passes) * 3 %}
-- The design whose total and age-band margin are cells of marts.metric_values.
{%- set mart_metric = {'alla_30d': 'E6.readmission_30d_share'} %}
with index_stays as (
    select
        stays.stay_id,
        stays.patient_id,
        stays.discharge_date,
        stays.region_code,
        stays.care_level,
        stays.age_band,
        stays.readmitted_30d,
        stays.days_to_acute_readmission,
        patients.deceased_date
    from {{ ref('int_stays') }} as stays
    left join {{ ref('int_patients') }} as patients on stays.patient_id = patients.patient_id
    where stays.is_index_stay
),

rehab_contacts as (
    select
        index_stays.stay_id,
        min(visits.visit_date) as first_visit_date
    from index_stays
    inner join {{ ref('int_attended_visits') }} as visits
        on visits.patient_id = index_stays.patient_id
        and visits.visit_date >= index_stays.discharge_date
        and visits.visit_date <= cast({{ dbt.dateadd('day', visit_days, 'index_stays.discharge_date') }} as date)
    group by index_stays.stay_id
),

classified as (
    select
        index_stays.*,
        case when rehab_contacts.stay_id is not null then 'med_besok' else 'utan_besok' end as rehab_14d,
        coalesce(index_stays.days_to_acute_readmission > {{ visit_days }}, true)
            and (
                index_stays.deceased_date is null
                or index_stays.deceased_date > cast({{ dbt.dateadd('day', visit_days, 'index_stays.discharge_date') }} as date)
            ) as at_risk_at_landmark,
        coalesce(index_stays.days_to_acute_readmission > {{ visit_days }}, false) as readmitted_after_landmark
    from index_stays
    left join rehab_contacts on index_stays.stay_id = rehab_contacts.stay_id
),

observations as (
    {% for design in ['alla_30d', 'landmark_14d'] %}
    select
        '{{ design }}' as metric_id,
        discharge_date as attribution_date,
        region_code,
        care_level,
        age_band,
        rehab_14d,
        rehab_14d || '|' || age_band as rehab_14d_age_band,
        patient_id as person_id,
        {% if design == 'alla_30d' -%}
        case when readmitted_30d then 1 else 0 end as numerator_value,
        {%- else -%}
        case when readmitted_after_landmark then 1 else 0 end as numerator_value,
        {%- endif %}
        1 as denominator_value,
        cast(null as double) as observed_value
    from classified
    {% if design == 'landmark_14d' %}where at_risk_at_landmark{% endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

cells as (
    select *
    from ({{ aggregate_observations('observations', ['age_band', 'rehab_14d', 'rehab_14d_age_band']) }}) as aggregated
),

grid as (
    select
        metric_id,
        period_type,
        period_start,
        region_code,
        care_level,
        dimension,
        group_code,
        case dimension
            when 'age_band' then group_code
            when 'rehab_14d_age_band' then {{ dbt.split_part('group_code', "'|'", 2) }}
            else 'total'
        end as age_band,
        case dimension
            when 'rehab_14d' then group_code
            when 'rehab_14d_age_band' then {{ dbt.split_part('group_code', "'|'", 1) }}
            else 'total'
        end as rehab_14d,
        numerator,
        denominator,
        numerator_persons,
        denominator_persons
    from cells
),

-- Disclosure control of the table (macros/metrics/suppression.sql).
{%- set mart_case -%}
case grid.metric_id
        {%- for design, metric_id in mart_metric.items() %} when '{{ design }}' then '{{ metric_id }}'{% endfor %} end
{%- endset %}
{{ disclosure_controlled_table('grid', steps, keys, mart_case) }}

select
    protected.metric_id as design,
    protected.period_type,
    {{ period_label_dynamic('protected.period_type', 'protected.period_start') }} as period,
    protected.period_start,
    protected.region_code,
    protected.care_level,
    protected.age_band,
    coalesce(age_labels.label_sv, protected.age_band) as age_band_label,
    coalesce(age_labels.sort_order, 999) as age_band_sort_order,
    protected.rehab_14d,
    case when protected.is_suppressed then null else protected.denominator end as stays,
    case when protected.is_suppressed then null else protected.numerator end as readmitted,
    case when protected.is_suppressed then null else protected.value end as share,
    case when protected.is_suppressed then null else protected.ci_low end as ci_low,
    case when protected.is_suppressed then null else protected.ci_high end as ci_high,
    protected.is_suppressed as suppressed,
    protected.in_metric_values
from protected
left join {{ ref('int_group_labels') }} as age_labels
    on age_labels.dimension = case when protected.age_band = 'total' then 'total' else 'age_band' end
    and age_labels.group_code = protected.age_band
