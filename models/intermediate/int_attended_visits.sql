-- Attended visits (status = attended) with the attributes every breakdown needs: the unit's care
-- level and region, the patient's home municipality, sex and birth year, the referral's diagnosis
-- group and need level.
select
    visits.visit_id,
    visits.patient_id,
    visits.referral_id,
    visits.unit_id,
    visits.visit_date,
    visits.profession,
    visits.contact_type,
    visits.planned,
    visits.coordinated,
    visits.duration_minutes,
    visits.cost_sek,
    units.care_level,
    units.region_code,
    patients.municipality_code,
    patients.region_code as home_region_code,
    patients.sex,
    patients.birth_year,
    {{ age_band(age_at('visits.visit_date', 'patients.birth_year')) }} as age_band,
    diagnosis_codes.diagnosis_group,
    referrals.need_level
from {{ ref('stg_visits') }} as visits
inner join {{ ref('stg_units') }} as units on visits.unit_id = units.unit_id
inner join {{ ref('int_patients') }} as patients on visits.patient_id = patients.patient_id
left join {{ ref('stg_referrals') }} as referrals on visits.referral_id = referrals.referral_id
left join {{ ref('int_diagnosis_codes') }} as diagnosis_codes
    on referrals.diagnosis_code = diagnosis_codes.diagnosis_code
where visits.status = 'attended'
