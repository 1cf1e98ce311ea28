select
    {{ owned_id('response_id', 'patient_survey') }} as response_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(response_date as date) as response_date,
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    cast(participation_score as integer) as participation_score,
    cast(continuity_score as integer) as continuity_score,
    _delivery_id as delivery_id
from {{ source('raw', 'patient_survey') }}
