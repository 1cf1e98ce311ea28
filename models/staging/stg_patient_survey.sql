select
    cast(response_id as {{ dbt.type_string() }}) as response_id,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(response_date as date) as response_date,
    cast(patient_id as {{ dbt.type_string() }}) as patient_id,
    cast(participation_score as integer) as participation_score,
    cast(continuity_score as integer) as continuity_score,
    _delivery_id as delivery_id
from {{ source('raw', 'patient_survey') }}
