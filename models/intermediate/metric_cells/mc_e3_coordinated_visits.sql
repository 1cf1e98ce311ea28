-- E3.coordinated_visit_share: attended visits with coordinated = true / attended visits
-- (int_attended_visits: cancelled and no-show visits never count), attributed to the visit date.
-- A null `coordinated` counts as not coordinated. Region and care level: the visit's unit;
-- municipality, sex, age band: the patient; profession: the visit's; diagnosis group and need
-- level: the visit's referral. Persons: patients.
with observations as (
    {{ clustered_observations('E3.coordinated_visit_share') }}
)

{{ metric_cells('observations', ['municipality', 'care_level', 'profession', 'diagnosis_group', 'age_band', 'sex', 'need_level']) }}
