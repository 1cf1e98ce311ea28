select
    coalesce(_owner, '') || '/' || cast(visit_id as varchar) as visit_id,
    coalesce(_owner, '') || '/' || cast(patient_id as varchar) as patient_id,
    coalesce(_owner, '') || '/' || cast(referral_id as varchar) as referral_id,
    coalesce(_owner, '') || '/' || cast(unit_id as varchar) as unit_id,
    cast(visit_date as date) as visit_date,
    cast(profession as varchar) as profession,
    cast(contact_type as varchar) as contact_type,
    cast(status as varchar) as status,
    cast(planned as boolean) as planned,
    cast(coordinated as boolean) as coordinated,
    cast(kva_code as varchar) as kva_code,
    cast(duration_minutes as integer) as duration_minutes,
    cast(cost_sek as double) as cost_sek,
    _delivery_id as delivery_id
from {{ source('raw', 'visits') }}
