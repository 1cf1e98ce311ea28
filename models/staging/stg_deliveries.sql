select
    delivery_id,
    region_code,
    cast(extract_date as date) as extract_date,
    source_system
from {{ source('raw', 'deliveries') }}
