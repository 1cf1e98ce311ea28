-- Referrals with their first visit (earliest attended visit on the referral on or after the
-- received date; earlier visits are ignored), the wait in days, and the breakdown attributes.
with first_visits as (
    select
        referrals.referral_id,
        min(visits.visit_date) as first_visit_date,
        max(visits.visit_date) as last_visit_date,
        count(*) as attended_visits
    from {{ ref('stg_referrals') }} as referrals
    inner join {{ ref('stg_visits') }} as visits
        on visits.referral_id = referrals.referral_id
        and visits.status = 'attended'
        and visits.visit_date >= referrals.received_date
    group by referrals.referral_id
)

select
    referrals.referral_id,
    referrals.patient_id,
    referrals.unit_id,
    referrals.received_date,
    referrals.sender_care_level,
    referrals.profession,
    referrals.diagnosis_code,
    -- a missing code has no group (left out of the diagnosis breakdown, kept in the total)
    diagnosis_codes.diagnosis_group,
    referrals.need_level,
    referrals.assessed_date,
    referrals.need_confirmed,
    referrals.closed_date,
    referrals.close_reason,
    first_visits.first_visit_date,
    first_visits.last_visit_date,
    coalesce(first_visits.attended_visits, 0) as attended_visits,
    {{ dbt.datediff('referrals.received_date', 'first_visits.first_visit_date', 'day') }} as wait_days,
    units.care_level,
    units.region_code,
    patients.municipality_code,
    patients.sex,
    patients.birth_year
from {{ ref('stg_referrals') }} as referrals
inner join {{ ref('stg_units') }} as units on referrals.unit_id = units.unit_id
inner join {{ ref('int_patients') }} as patients on referrals.patient_id = patients.patient_id
left join first_visits on referrals.referral_id = first_visits.referral_id
left join {{ ref('int_diagnosis_codes') }} as diagnosis_codes
    on referrals.diagnosis_code = diagnosis_codes.diagnosis_code
