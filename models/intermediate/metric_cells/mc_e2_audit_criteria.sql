-- E2.audit_criteria_met_share: audit rows (one audited criterion each) with met = true / audit
-- rows, attributed to the audit date. A null `met` counts as not met.
-- Region and care level: the audited unit (units.region_code). When plan_id names a known plan,
-- the breakdowns of that plan apply (patient's home municipality, sex, age band at the audit date;
-- the plan referral's profession, diagnosis group and need level).
-- Persons for disclosure control: the plan's patient; audit rows without a known plan have no
-- person, so each such row counts as its own "person" (audit_id). Audit rows of few patients are
-- therefore suppressed like any patient cell.
with audits as (
    select * from {{ ref('stg_record_audits') }}
),

observations as (
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
    from audits
    inner join {{ ref('stg_units') }} as units on audits.unit_id = units.unit_id
    left join {{ ref('int_plans') }} as plans on audits.plan_id = plans.plan_id
    where audits.audit_date is not null
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
