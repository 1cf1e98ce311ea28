select
    cast(year as integer) as year,
    cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
    cast(sex as {{ dbt.type_string() }}) as sex,
    cast(age as integer) as age,
    cast(population as integer) as population,
    _delivery_id as delivery_id
from {{ source('raw', 'population') }}
