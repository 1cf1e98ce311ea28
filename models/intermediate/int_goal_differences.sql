-- Difference comparison − reference of the two windows of every comparison (int_goal_window_values)
-- with a 95 % interval by the MOVER method (method of variance estimates recovery; Newcombe 1998,
-- Zou & Donner 2008): from the two values v₁ (reference), v₂ (comparison) and their own 95 % limits
--     lower = (v₂ − v₁) − √((v₂ − l₂)² + (u₁ − v₁)²)
--     upper = (v₂ − v₁) + √((u₂ − v₂)² + (v₁ − l₁)²)
-- For proportions with Wilson limits this is Newcombe's hybrid score interval (his method 10); for
-- clustered shares it combines the two cluster-robust ratio intervals; for
-- rates, ratios and counts it uses the Byar / exact Poisson limits, for means the t limits, so the
-- interval is asymmetric where the single intervals are. A fixed reference (the plan's
-- baseline_value) has no uncertainty: l₁ = u₁ = v₁. Without an interval on either side (medians of
-- several periods) the difference has none.
with windows as (
    select * from {{ ref('int_goal_window_values') }}
),

paired as (
    select
        reference.comparison_kind,
        reference.comparison_id,
        reference.metric_id,
        reference.value_type,
        reference.interval_method,
        reference.region_code,
        reference.care_level,
        reference.is_fixed as reference_is_fixed,
        reference.value as reference_value,
        case when reference.is_fixed then reference.value else reference.ci_low end as reference_low,
        case when reference.is_fixed then reference.value else reference.ci_high end as reference_high,
        comparison.value as comparison_value,
        comparison.ci_low as comparison_low,
        comparison.ci_high as comparison_high
    from windows as reference
    inner join windows as comparison
        on reference.comparison_id = comparison.comparison_id
        and reference.comparison_kind = comparison.comparison_kind
        and comparison.role = 'comparison'
    where reference.role = 'reference'
)

select
    comparison_kind,
    comparison_id,
    metric_id,
    value_type,
    region_code,
    care_level,
    comparison_value - reference_value as difference,
    case
        when reference_low is not null and reference_high is not null
            and comparison_low is not null and comparison_high is not null
            then (comparison_value - reference_value) - sqrt(
                (comparison_value - comparison_low) * (comparison_value - comparison_low)
                + (reference_high - reference_value) * (reference_high - reference_value)
            )
    end as difference_ci_low,
    case
        when reference_low is not null and reference_high is not null
            and comparison_low is not null and comparison_high is not null
            then (comparison_value - reference_value) + sqrt(
                (comparison_high - comparison_value) * (comparison_high - comparison_value)
                + (reference_value - reference_low) * (reference_value - reference_low)
            )
    end as difference_ci_high,
    comparison_value / nullif(reference_value, 0) - 1 as relative_change,
    case
        when reference_value is null or comparison_value is null then null
        when reference_low is null or reference_high is null or comparison_low is null or comparison_high is null
            then 'none'
        when value_type = 'proportion' and interval_method = 'wilson' and not reference_is_fixed then 'newcombe_hybrid_score'
        else 'mover'
    end as difference_ci_method
from paired
