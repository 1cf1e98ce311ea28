-- Funnel-plot limits for proportions (funnel_prop_limit) against PHEindicatormethods
-- test_funnel_outputs: the pooled average of the 303 input areas, limits in per cent at the 100
-- denominators of the reference table.
with pooled as (
    select sum(numerator) / sum(denominator) as p_avg
    from {{ ref('ref_testdata_funnel_prop_inputs') }}
)

select
    o.population,
    p.p_avg * 100 as baseline,
    {{ funnel_prop_limit('p.p_avg', 'o.population', '2s', 'lower') }} * 100 as lower_2s,
    {{ funnel_prop_limit('p.p_avg', 'o.population', '2s', 'upper') }} * 100 as upper_2s,
    {{ funnel_prop_limit('p.p_avg', 'o.population', '3s', 'lower') }} * 100 as lower_3s,
    {{ funnel_prop_limit('p.p_avg', 'o.population', '3s', 'upper') }} * 100 as upper_3s,
    o.baseline as baseline_expected,
    o.lower2s0025limit as lower_2s_expected,
    o.upper2s0025limit as upper_2s_expected,
    o.lower3s0001limit as lower_3s_expected,
    o.upper3s0001limit as upper_3s_expected
from {{ ref('ref_testdata_funnel_prop_outputs') }} as o
cross join pooled as p
