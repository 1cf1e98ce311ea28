select
    coalesce(_owner, '') || '/' || cast(story_id as varchar) as story_id,
    coalesce(_owner, '') || '/' || cast(unit_id as varchar) as unit_id,
    cast(story_date as date) as story_date,
    cast(theme as varchar) as theme,
    _delivery_id as delivery_id
from {{ source('raw', 'patient_stories') }}
-- the free-text summary stays in raw: it is never needed by a metric and never shown
