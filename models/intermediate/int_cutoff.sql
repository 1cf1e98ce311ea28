-- The data cut-off (latest extract date of the loaded deliveries); windows count only before it.
select max(extract_date) as extract_date
from {{ ref('stg_deliveries') }}
