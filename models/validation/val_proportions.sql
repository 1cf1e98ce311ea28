-- Wilson score limits (wilson_lower/wilson_upper) against PHEindicatormethods testdata_Prop.
with ref as (
    select * from {{ ref('ref_testdata_prop') }}
)

select
    area,
    multiplier,
    numerator,
    denominator,
    case when denominator > 0 then cast(numerator as double) / denominator * multiplier end as value,
    {{ wilson_lower('numerator', 'denominator', '95') }} * multiplier as lower95,
    {{ wilson_upper('numerator', 'denominator', '95') }} * multiplier as upper95,
    {{ wilson_lower('numerator', 'denominator', '99.8') }} * multiplier as lower998,
    {{ wilson_upper('numerator', 'denominator', '99.8') }} * multiplier as upper998,
    value as value_expected,
    lower95_0cl as lower95_expected,
    upper95_0cl as upper95_expected,
    lower99_8cl as lower998_expected,
    upper99_8cl as upper998_expected
from ref
