-- ratio_cluster_lower/upper on a hand-computed case: clusters (y, x) = (8, 10), (5, 10), (9, 12):
-- R = 22/32 = 0.6875; Σ(y − R·x)² = 1.265625 + 3.515625 + 0.5625 = 5.34375;
-- var = 3/2 · 5.34375 / 32² = 0.0078277588; R ∓ t(2; 0.975)·√var = R ∓ 4.302653 · 0.0884746
-- = 0.306824 … 1.068176, the upper clipped to 1 (a share).
with clusters as (
    select 8.0 as y, 10.0 as x union all select 5.0, 10.0 union all select 9.0, 12.0
)

select
    sum(y) / sum(x) as ratio,
    {{ ratio_cluster_lower('sum(y)', 'sum(x)', 'sum(y * y)', 'sum(x * y)', 'sum(x * x)', 'count(*)') }} as lower95,
    {{ ratio_cluster_upper('sum(y)', 'sum(x)', 'sum(y * y)', 'sum(x * y)', 'sum(x * x)', 'count(*)') }} as upper95,
    0.3068244248975682 as lower95_expected,
    1.0 as upper95_expected
from clusters
