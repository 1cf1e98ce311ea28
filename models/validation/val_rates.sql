-- Rate limits (poisson_lower/poisson_upper on the count scale, divided by the denominator and
-- multiplied by the multiplier) against PHEindicatormethods testdata_Rate: exact Poisson below
-- 10 events, Byar's method from 10.
with ref as (
    select * from {{ ref('ref_testdata_rate') }}
)

select
    area,
    multiplier,
    numerator,
    denominator,
    case when denominator > 0 then cast(numerator as double) / denominator * multiplier end as value,
    {{ poisson_lower('numerator', '95') }} / denominator * multiplier as lower95,
    {{ poisson_upper('numerator', '95') }} / denominator * multiplier as upper95,
    {{ poisson_lower('numerator', '99.8') }} / denominator * multiplier as lower998,
    {{ poisson_upper('numerator', '99.8') }} / denominator * multiplier as upper998,
    value as value_expected,
    lower95_0cl as lower95_expected,
    upper95_0cl as upper95_expected,
    lower99_8cl as lower998_expected,
    upper99_8cl as upper998_expected
from ref
