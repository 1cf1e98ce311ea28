select
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    cast(birth_year as integer) as birth_year,
    cast(sex as {{ dbt.type_string() }}) as sex,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(deceased_date as date) as deceased_date,
    _delivery_id as delivery_id
from {{ source('raw', 'patients') }}
