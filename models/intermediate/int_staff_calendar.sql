-- The observed periods of the staff metrics (E4): every month, quarter and year of the delivery's
-- calendar (int_calendar_months: from the earliest referral month to the cut-off), with the part
-- of the period that is observed: from the first calendar day in the period to the period end or
-- the cut-off, whichever comes first. Means over a period (mean FTE, mean headcount) are taken
-- over the observed days, so a period cut by the extract date is not diluted by unobserved days.
with months as (
    select month_start, month_end from {{ ref('int_calendar_months') }}
),

cutoff as (
    select extract_date from {{ ref('int_cutoff') }}
),

periods as (
    {% for period_type in ['month', 'quarter', 'year'] %}
    select
        '{{ period_type }}' as period_type,
        {{ period_start(period_type, 'month_start') }} as period_start,
        min(month_start) as first_month_start,
        max(month_end) as last_month_end
    from months
    group by 1, 2
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    periods.period_type,
    periods.period_start,
    periods.first_month_start as observed_start,
    case
        when periods.last_month_end > cutoff.extract_date then cutoff.extract_date
        else periods.last_month_end
    end as observed_end,
    {{ dbt.datediff('periods.first_month_start', 'case when periods.last_month_end > cutoff.extract_date then cutoff.extract_date else periods.last_month_end end', 'day') }} + 1
        as observed_days
from periods
cross join cutoff
