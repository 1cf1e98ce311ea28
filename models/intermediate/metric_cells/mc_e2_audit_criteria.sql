-- E2.audit_criteria_met_share: audit rows (one audited criterion each) with met = true / audit
-- rows, attributed to the audit date. A null `met` counts as not met.
-- Region and care level: the audited unit (units.region_code). When plan_id names a known plan,
-- the breakdowns of that plan apply (patient's home municipality, sex, age band at the audit date;
-- the plan referral's profession, diagnosis group and need level).
-- Persons for disclosure control: the plan's patient; audit rows without a known plan have no
-- person, so each such row counts as its own "person" (audit_id). Audit rows of few patients are
-- therefore suppressed like any patient cell.
with observations as (
    {{ clustered_observations('E2.audit_criteria_met_share') }}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
