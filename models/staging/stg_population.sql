select
    cast(year as integer) as year,
    cast(municipality_code as varchar) as municipality_code,
    cast(sex as varchar) as sex,
    cast(age as integer) as age,
    cast(population as integer) as population,
    _delivery_id as delivery_id
from {{ source('raw', 'population') }}
