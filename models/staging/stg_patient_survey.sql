select
    coalesce(_owner, '') || '/' || cast(response_id as varchar) as response_id,
    coalesce(_owner, '') || '/' || cast(unit_id as varchar) as unit_id,
    cast(response_date as date) as response_date,
    coalesce(_owner, '') || '/' || cast(patient_id as varchar) as patient_id,
    cast(participation_score as integer) as participation_score,
    cast(continuity_score as integer) as continuity_score,
    _delivery_id as delivery_id
from {{ source('raw', 'patient_survey') }}
