-- One row describing the build: the data cut-off, the loaded deliveries and when the marts were
-- built. The dashboard and the report print it ("data t.o.m. …").
select
    cutoff.extract_date,
    (select count(*) from {{ ref('stg_deliveries') }}) as deliveries,
    (select string_agg(distinct region_code, ',') from {{ ref('stg_units') }}) as region_codes,
    current_timestamp as built_at
from {{ ref('int_cutoff') }} as cutoff
