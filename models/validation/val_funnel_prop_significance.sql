-- Funnel-plot outlier classification (funnel_prop_significance) against the significance column
-- of PHEindicatormethods test_funnel_inputs.
with inputs as (
    select
        *,
        sum(numerator) over () / sum(denominator) over () as p_avg
    from {{ ref('ref_testdata_funnel_prop_inputs') }}
)

select
    area,
    numerator,
    denominator,
    {{ funnel_prop_significance('numerator', 'denominator', 'p_avg') }} as significance,
    case significance
        when 'Low (0.001)' then 'low_3s'
        when 'Low (0.025)' then 'low_2s'
        when 'High (0.001)' then 'high_3s'
        when 'High (0.025)' then 'high_2s'
        when 'Not significant' then 'not_significant'
    end as significance_expected
from inputs
