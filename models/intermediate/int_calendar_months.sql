-- One row per calendar month from the earliest event in the warehouse to the cut-off, with its
-- first and last day (used for period-end snapshots). Built from a digits cross join, so it is
-- portable and works on an empty warehouse (then it has no rows).
with digits as (
    select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

numbers as (
    select hundreds.d * 100 + tens.d * 10 + ones.d as n
    from digits as hundreds cross join digits as tens cross join digits as ones
),

bounds as (
    select
        {{ period_start('month', 'min(received_date)') }} as first_month,
        {{ cutoff_date() }} as cutoff
    from {{ ref('stg_referrals') }}
),

months as (
    select cast({{ dbt.dateadd('month', 'numbers.n', 'bounds.first_month') }} as date) as month_start, bounds.cutoff
    from bounds cross join numbers
    where bounds.first_month is not null
)

select
    month_start,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }} as date) as month_end
from months
where month_start <= cutoff
