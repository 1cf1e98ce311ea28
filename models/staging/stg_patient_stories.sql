select
    {{ owned_id('story_id', 'patient_stories') }} as story_id,
    {{ owned_id('unit_id', 'units') }} as unit_id,
    cast(story_date as date) as story_date,
    cast(theme as {{ dbt.type_string() }}) as theme,
    _delivery_id as delivery_id
from {{ source('raw', 'patient_stories') }}
-- the free-text summary stays in raw: it is never needed by a metric and never shown
