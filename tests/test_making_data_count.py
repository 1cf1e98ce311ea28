"""Making Data Count icons (samrehab.stats.making_data_count) against NHSRplotthedots' test cases.

Each ``test_ptd_*`` test ports the expectations of one ``test_that`` block of NHSRplotthedots 0.2.0
(github.com/nhs-r-community/NHSRplotthedots, tests/testthat/), named in its docstring. R's
``set.seed(123); rnorm(n)`` draws those tests use are written out (R_RNORM_SEED_123); their mean
reproduces the package's snapshot (0.1416238), which checks the transcription.
"""

from __future__ import annotations

import numpy as np
import pytest

from samrehab.stats.making_data_count import (
    MIN_POINTS,
    XmrLimits,
    assurance_icon,
    chart_points,
    label_points,
    making_data_count,
    part_of_seven_trend,
    part_of_two_in_three,
    point_types,
    seven_point_one_side_mean,
    seven_point_trend,
    special_cause_types,
    two_in_three,
    variation_icon,
    xmr_limits,
)

# R: set.seed(123); rnorm(24)
R_RNORM_SEED_123 = np.array([
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
    -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
    0.49785048, -1.96661716, 0.70135590, -0.47279141, -1.06782371, -0.21797491, -1.02600445, -0.72889123,
])


def _eq(actual, expected) -> None:
    np.testing.assert_array_equal(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float))


def test_ptd_seven_point_one_side_mean() -> None:
    """test-ptd_calculate_point_type.R: "ptd_seven_point_one_side_mean works as expected"."""
    _eq(seven_point_one_side_mean([]), [])
    _eq(seven_point_one_side_mean([1] * 6), [0] * 6)
    _eq(seven_point_one_side_mean([1] * 6 + [-1]), [0] * 7)
    _eq(seven_point_one_side_mean([1] * 8 + [-1]), [0, 0, 0, 0, 0, 0, 1, 1, 0])
    _eq(seven_point_one_side_mean([-1] * 8 + [1]), [0, 0, 0, 0, 0, 0, 1, 1, 0])


def test_ptd_part_of_seven_trend() -> None:
    """test-ptd_calculate_point_type.R: "ptd_part_of_seven_trend works as expected"."""
    _eq(part_of_seven_trend([]), [])
    _eq(part_of_seven_trend([0] * 6), [0] * 6)
    _eq(part_of_seven_trend([0] * 6 + [1, 0]), [1] * 7 + [0])
    _eq(part_of_seven_trend([0] * 7 + [1, 0]), [0] + [1] * 7 + [0])
    _eq(part_of_seven_trend([0] * 6 + [-1, 0]), [1] * 7 + [0])
    _eq(part_of_seven_trend([0] * 7 + [-1, 0]), [0] + [1] * 7 + [0])


def test_ptd_seven_point_trend() -> None:
    """test-ptd_calculate_point_type.R: "ptd_seven_point_trend works as expected"."""
    _eq(seven_point_trend([]), [])
    _eq(seven_point_trend(range(1, 7)), [0] * 6)
    _eq(seven_point_trend([1, 2, 3, 3, 4, 5, 6]), [0] * 7)  # a tie breaks the trend
    _eq(seven_point_trend(range(1, 8)), [0] * 6 + [1])
    _eq(seven_point_trend([2, *range(1, 8), 3]), [0] * 7 + [1, 0])
    _eq(seven_point_trend(range(7, 0, -1)), [0] * 6 + [-1])
    _eq(seven_point_trend([2, *range(7, 0, -1), 3]), [0] * 7 + [-1, 0])


def test_ptd_two_in_three_same_side() -> None:
    """test-ptd_calculate_point_type.R: "ptd_two_in_three works as expected"."""
    _eq(two_in_three([], []), [])
    _eq(two_in_three([0, 0, 0], [0]), [0, 0, 0])
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        _eq(two_in_three(close, [1, 1, 1]), [1, 1, 1])
    _eq(two_in_three([0, 0, 1, 0, 1, 0, 0], [1] * 7), [0, 0, 1, 1, 1, 0, 0])
    _eq(two_in_three([0, 0, 1, 1, 0, 0, 0], [1] * 7), [0, 1, 1, 1, 1, 0, 0])


def test_ptd_two_in_three_opposite_sides() -> None:
    """test-ptd_calculate_point_type.R: "ptd_two_in_three works as expected when points are on
    opposite sides of the mean"."""
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        _eq(two_in_three(close, [1, -1, 1]), [0, 0, 0])
    _eq(two_in_three([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1]), [0] * 7)
    _eq(two_in_three([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1]), [0] * 7)


@pytest.mark.parametrize(
    ("close", "expected"),
    [
        ([], []),
        ([0, 0, 0], [0, 0, 0]),
        ([1, 0, 1], [1, 0, 1]),
        ([0, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
    ],
)
def test_ptd_part_of_two_in_three(close: list[int], expected: list[int]) -> None:
    """test-ptd_calculate_point_type.R: "ptd_part_of_two_in_three works as expected" (all points
    above the mean): only the points beyond 2σ of a 2-in-3 group are flagged."""
    flags = two_in_three(close, [1] * len(close))
    _eq(part_of_two_in_three(flags, close), expected)


def test_ptd_special_cause_type_order_of_rules() -> None:
    """test-ptd_calculate_point_type.R: "ptd_special_cause_type works as expected" (its mocked rule
    flags given directly to label_points)."""
    labels = label_points(
        np.arange(1, 9),
        [1, 1, 1, 1, -1, -1, -1, -1],
        [0, 0, 0, 0, 0, 1, -1, 0],
        trend=[1, -1, 0, 0, 0, 0, 0, 0],
        two_three=[0, 0, 0, 0, 1, 0, 0, 0],
        one_side=[0, 0, 1, -1, 0, 0, 0, 0],
    )
    assert labels == [
        "7 Point Trend (Increasing)",
        "7 Point Trend (Increasing)",
        "7 Points Above CL",
        "7 Points Above CL",
        "2 in 3 Below CL",
        "Below LCL",
        "Below LCL",
        "Common Cause",
    ]


def test_ptd_spc_standard_limits() -> None:
    """test-ptd_spc_standard.R: "it returns expected values" (snapshot _snaps/ptd_spc_standard.md):
    limits of rnorm(20), then with y[15] = 10 with and without screening of moving ranges."""
    y = R_RNORM_SEED_123[:20].copy()
    r1 = xmr_limits(y)
    assert r1.mean == pytest.approx(0.1416238, abs=5e-8)
    assert (r1.lower, r1.upper) == (pytest.approx(-3.01138, abs=5e-6), pytest.approx(3.294627, abs=5e-7))
    rtm, outside, close = chart_points(y, r1)
    _eq(rtm[:14], [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1])
    assert not outside.any() and close.sum() == 1  # y[18] = −1.97 is beyond 2σ alone: common cause
    y[14] = 10
    r2 = xmr_limits(y)
    r3 = xmr_limits(y, screen_outliers=False)
    assert r2.mean == pytest.approx(0.6694159, abs=5e-8)
    assert (r2.lower, r2.upper) == (pytest.approx(-2.383666, abs=5e-7), pytest.approx(3.722497, abs=5e-7))
    assert (r3.lower, r3.upper) == (pytest.approx(-4.596625, abs=5e-7), pytest.approx(5.935457, abs=5e-7))
    assert r3.upper - r3.lower > r2.upper - r2.lower
    _eq(chart_points(y, r2)[0][:14], [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1])


def test_ptd_spc_two_in_three_opposite_sides_is_common_cause() -> None:
    """test-ptd_spc_standard.R: "it only reports special cause for 2of3 points close to limits when
    they are on the same side of the mean"."""
    y = np.tile([1.0, -1.0], 8)
    y[14], y[15] = 5.5, -5.5
    limits = xmr_limits(y)
    rtm, outside, close = chart_points(y, limits)
    assert close[14] == 1 and close[15] == 1  # both beyond 2σ, on opposite sides
    types = point_types(special_cause_types(y, rtm, close, outside), 1)
    assert types[-2:] == ["common_cause", "common_cause"]


def test_ptd_spc_summary_all_common_cause() -> None:
    """_snaps/ptd_spc.md "it outputs expected content": rnorm(20) has 20 common-cause points, mean
    0.142, limits −3.01 and 3.29."""
    y = R_RNORM_SEED_123[:20]
    limits = xmr_limits(y)
    rtm, outside, close = chart_points(y, limits)
    assert point_types(special_cause_types(y, rtm, close, outside), 1) == ["common_cause"] * 20


def test_ptd_get_icons() -> None:
    """test-geom_ptd_icon.R: "ptd_get_icons transforms the data correctly": rnorm(24) gives the
    common-cause icon; with target 0.5 the assurance icon is inconsistent (hit and miss); the same
    for each facet of 12 points (the package computes them with a short-group warning)."""
    y = R_RNORM_SEED_123
    assert making_data_count(y, higher_is_better=True).variation == "common_cause"
    icons = making_data_count(y, higher_is_better=True, target=0.5)
    assert (icons.variation, icons.assurance) == ("common_cause", "hit_and_miss")
    for facet in (y[:12], y[12:]):
        icons = making_data_count(facet, higher_is_better=True, target=0.5, min_points=12)
        assert (icons.variation, icons.assurance) == ("common_cause", "hit_and_miss")


_LIMITS = [XmrLimits(2, 0, 1, 3, 0, 0), XmrLimits(6, 0, 5, 7, 0, 0), XmrLimits(4, 0, 1, 5, 0, 0)]


def test_ptd_assurance_increase() -> None:
    """test-ptd_calculate_assurance_type.R: "... when improvement_direction is increase" (target 4)."""
    assert [assurance_icon(4, lim, 1) for lim in _LIMITS] == ["consistent_fail", "consistent_pass", "hit_and_miss"]


def test_ptd_assurance_decrease() -> None:
    """test-ptd_calculate_assurance_type.R: "... when improvement_direction is decrease"."""
    assert [assurance_icon(4, lim, -1) for lim in _LIMITS] == ["consistent_pass", "consistent_fail", "hit_and_miss"]


def test_ptd_assurance_neutral_or_no_target() -> None:
    """test-ptd_calculate_assurance_type.R: no target, or improvement_direction neutral: no icon."""
    assert [assurance_icon(4, lim, 0) for lim in _LIMITS] == [None, None, None]
    assert assurance_icon(None, _LIMITS[0], 1) is None


def test_assurance_comparisons_are_strict() -> None:
    """A target exactly on a limit can be hit or missed."""
    limits = XmrLimits(4, 0, 1, 5, 0, 0)
    assert assurance_icon(5.0, limits, 1) == "hit_and_miss"
    assert assurance_icon(1.0, limits, 1) == "hit_and_miss"
    assert assurance_icon(5.0 + 1e-12, limits, 1) == "consistent_fail"


def _flat(n: int) -> np.ndarray:
    """Common-cause zig-zag around 10 with moving range 1."""
    return 10 + 0.5 * np.tile([1.0, -1.0], n)[:n]


@pytest.mark.parametrize(
    ("tail", "higher_is_better", "expected"),
    [
        ([], True, "common_cause"),
        ([14.0], True, "improvement_high"),  # rule 1: above the upper limit (12.85)
        ([14.0], False, "concern_high"),
        ([6.0], True, "concern_low"),
        ([6.0], False, "improvement_low"),
        ([14.0], None, "neutral_high"),
        ([6.0], None, "neutral_low"),
        ([12.3, 11.0, 12.3], True, "improvement_high"),  # rule 3: 2 of 3 beyond 2σ (12.21)
        ([10.6, 10.7, 10.8, 10.9, 11.0, 11.1, 11.2], False, "concern_high"),  # rule 2 (and 4)
        ([9.4, 9.3, 9.45, 9.35, 9.4, 9.3, 9.45], True, "concern_low"),  # rule 4: 7 below the mean
    ],
)
def test_each_rule_sets_the_variation_icon(tail: list[float], higher_is_better: bool | None, expected: str) -> None:
    y = np.r_[_flat(20), tail]
    assert making_data_count(y, higher_is_better=higher_is_better).variation == expected


def test_rule_two_alone_gives_a_trend() -> None:
    """Seven rising points that stay near the mean are special cause by the trend rule only."""
    y = np.r_[_flat(20), [9.7, 9.8, 9.9, 10.0, 10.1, 10.2, 10.3]]
    limits = xmr_limits(y)
    rtm, outside, close = chart_points(y, limits)
    labels = special_cause_types(y, rtm, close, outside)
    assert labels[-1] == "7 Point Trend (Increasing)"
    assert variation_icon(point_types(labels, 1)[-1], 1) == "improvement_high"


def test_a_point_on_the_mean_breaks_the_run() -> None:
    """Six points below the mean, one on it, then six more below: never 7 on one side."""
    rtm = [-1] * 6 + [0] + [-1] * 6
    assert seven_point_one_side_mean(rtm).sum() == 0
    assert seven_point_one_side_mean([-1] * 7).sum() == 1


def test_fewer_than_15_points_no_icon() -> None:
    y = np.r_[_flat(13), [20.0]]
    result = making_data_count(y, higher_is_better=True, target=5)
    assert (result.variation, result.assurance, result.status, result.points) == (None, None, "too_few_points", 14)
    assert MIN_POINTS == 15
    assert making_data_count(np.r_[y, 10.0], higher_is_better=True).status == "computed"


def test_constant_series_has_no_icon() -> None:
    result = making_data_count(np.full(20, 0.5), higher_is_better=True, target=0.6)
    assert result.status == "no_variation" and result.variation is None
