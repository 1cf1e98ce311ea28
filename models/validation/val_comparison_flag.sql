-- comparison_flag against hand-made cases (seed ref_comparison_flag_cases): both polarities,
-- a benchmark on an interval limit, suppression and missing inputs.
select
    case_id,
    {{ comparison_flag('value', 'ci_low', 'ci_high', 'benchmark', 'higher_is_better', 'suppressed') }} as comparison,
    expected as comparison_expected
from {{ ref('ref_comparison_flag_cases') }}
