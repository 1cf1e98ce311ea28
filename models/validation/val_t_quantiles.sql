-- t quantiles (t_quantile) and the t interval half-width (t_interval_halfwidth) against
-- scipy.stats.t.ppf (seed ref_t_quantiles): df 1..40 and 45..100 000 at 90, 95, 99 and 99.8 %.
with ref as (
    select * from {{ ref('ref_t_quantiles') }}
)

select
    df,
    confidence,
    case
        when confidence = 0.9 then {{ t_quantile('df', '90') }}
        when confidence = 0.95 then {{ t_quantile('df', '95') }}
        when confidence = 0.99 then {{ t_quantile('df', '99') }}
        when confidence = 0.998 then {{ t_quantile('df', '99.8') }}
    end as t,
    -- half-width for sd = 2 and n = df + 1 observations: t * 2 / sqrt(df + 1)
    case
        when confidence = 0.9 then {{ t_interval_halfwidth('2.0', 'df + 1', '90') }}
        when confidence = 0.95 then {{ t_interval_halfwidth('2.0', 'df + 1', '95') }}
        when confidence = 0.99 then {{ t_interval_halfwidth('2.0', 'df + 1', '99') }}
        when confidence = 0.998 then {{ t_interval_halfwidth('2.0', 'df + 1', '99.8') }}
    end as halfwidth,
    t_expected,
    t_expected * 2.0 / sqrt(df + 1) as halfwidth_expected
from ref
