select
    {{ owned_id('patient_id', 'patients') }} as patient_id,
    cast(birth_year as integer) as birth_year,
    cast(sex as varchar) as sex,
    cast(municipality_code as varchar) as municipality_code,
    cast(deceased_date as date) as deceased_date,
    _delivery_id as delivery_id
from {{ source('raw', 'patients') }}
