-- Byar's limits (byar_lower/byar_upper, count scale) and Wilson limits for single (x, n)
-- against PHEindicatormethods testdata_B_W, at 95 % and 99.8 %.
with ref as (
    select
        row_number() over (order by x, n nulls last, confidence, method) as case_id,
        *
    from {{ ref('ref_testdata_b_w') }}
)

select
    case_id,
    x,
    n,
    confidence,
    method,
    case
        when method = 'Byars' and confidence = '95%' then {{ byar_lower('x', '95') }}
        when method = 'Byars' and confidence = '99.8%' then {{ byar_lower('x', '99.8') }}
        when method = 'Wilson' and confidence = '95%' then {{ wilson_lower('x', 'n', '95') }}
        when method = 'Wilson' and confidence = '99.8%' then {{ wilson_lower('x', 'n', '99.8') }}
    end as lowercl,
    case
        when method = 'Byars' and confidence = '95%' then {{ byar_upper('x', '95') }}
        when method = 'Byars' and confidence = '99.8%' then {{ byar_upper('x', '99.8') }}
        when method = 'Wilson' and confidence = '95%' then {{ wilson_upper('x', 'n', '95') }}
        when method = 'Wilson' and confidence = '99.8%' then {{ wilson_upper('x', 'n', '99.8') }}
    end as uppercl,
    lowercl as lowercl_expected,
    uppercl as uppercl_expected
from ref
