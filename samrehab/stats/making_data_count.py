"""NHS England's "Making Data Count" variation and assurance icons on an XmR chart.

The rules are those of the R package NHSRplotthedots (NHS-R Community, ``ptd_spc``), which
implements NHS England's published "plot the dots" method; this module follows its functions
``ptd_spc_standard``, ``ptd_calculate_point_type``, ``ptd_calculate_assurance_type`` and
``ptd_get_icons`` one to one (their test cases are ported in tests/test_making_data_count.py):

* XmR limits: mean ± 2.66 × mean moving range. By default moving ranges of at least 3.267 × their
  mean are screened out and the mean recomputed before the limits are set (``screen_outliers``,
  the package's default). The "2σ" lines are mean ± (2/3)·2.66 × mean moving range.
* A point is special cause when any of these holds (checked in this order, the first names it):
  1. it lies outside the limits (strictly);
  2. it is part of a run of 7 points each higher, or each lower, than the last;
  3. it is beyond 2σ (and inside the limits) with another such point among 3 consecutive
     points that lie on the same side of the mean;
  4. it is part of a run of 7 points on one side of the mean (a point on the mean breaks the run).
* The variation icon comes from the last point: common cause, improvement or concern (high or
  low, oriented by the metric's polarity), or neutral high/low for metrics without polarity.
* The assurance icon compares a target with the limits, strictly: target above the upper limit
  fails when higher is better (passes when lower is better), below the lower limit passes (fails),
  otherwise hit-and-miss. No icon without a target or without polarity.
* NHS guidance asks for at least 15 points before limits are used for icons; with fewer complete
  points there is no icon, and the reason says so (``MIN_POINTS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LIMIT = 2.66
LIMIT_CLOSE = 2 * LIMIT / 3
OUTLIER_SCREEN = 3.267
MIN_POINTS = 15

COMMON_CAUSE = "Common Cause"


@dataclass(frozen=True)
class XmrLimits:
    """Centre line and limits of an XmR chart."""

    mean: float
    mean_moving_range: float
    lower: float
    upper: float
    lower_2sigma: float
    upper_2sigma: float


@dataclass(frozen=True)
class Icons:
    """The two icons of one series, or the reason there are none (``status``)."""

    variation: str | None
    assurance: str | None
    status: str
    points: int
    limits: XmrLimits | None


def xmr_limits(values: Sequence[float] | np.ndarray, *, screen_outliers: bool = True) -> XmrLimits:
    """XmR limits of ``values`` in time order (``ptd_spc_standard``); NaN values are not allowed."""
    y = np.asarray(values, dtype=float)
    if y.ndim != 1 or y.size < 2:
        raise ValueError("an XmR chart needs at least two values")
    if np.isnan(y).any():
        raise ValueError("an XmR chart needs a value at every point (leave missing points out)")
    mean = float(y.mean())
    moving_range = np.abs(np.diff(y))
    amr = float(moving_range.mean())
    if screen_outliers:
        kept = moving_range[moving_range < OUTLIER_SCREEN * amr]
        amr = float(kept.mean()) if kept.size else amr
    return XmrLimits(
        mean=mean,
        mean_moving_range=amr,
        lower=mean - LIMIT * amr,
        upper=mean + LIMIT * amr,
        lower_2sigma=mean - LIMIT_CLOSE * amr,
        upper_2sigma=mean + LIMIT_CLOSE * amr,
    )


def seven_point_one_side_mean(relative_to_mean: Sequence[float] | np.ndarray) -> np.ndarray:
    """1 at a point that ends 7 points on the same side of the mean (signs −1/0/+1), else 0."""
    v = np.asarray(relative_to_mean, dtype=float)
    padded = np.r_[np.zeros(6), v]
    out = np.zeros(v.size)
    for i in range(v.size):
        window = padded[i : i + 7]
        out[i] = float(window[-1] != 0 and np.all(window == window[-1]))
    return out


def part_of_seven_trend(flags: Sequence[float] | np.ndarray) -> np.ndarray:
    """1 at every point of a run of 7 whose last point is flagged (±1) in ``flags``."""
    v = np.asarray(flags, dtype=float)
    padded = np.r_[v, np.zeros(6)]
    return np.array([float(np.any(np.abs(padded[i : i + 7]) == 1)) for i in range(v.size)])


def seven_point_trend(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """+1 (−1) at a point that ends 7 points each higher (lower) than the last, else 0."""
    y = np.asarray(values, dtype=float)
    out = np.zeros(y.size)
    for i in range(6, y.size):
        steps = np.sign(np.diff(y[i - 6 : i + 1]))
        if np.all(steps == 1):
            out[i] = 1
        elif np.all(steps == -1):
            out[i] = -1
    return out


def two_in_three(close: Sequence[float] | np.ndarray, relative_to_mean: Sequence[float] | np.ndarray) -> np.ndarray:
    """1 at a point within any 3 consecutive points on one side of the mean of which at least 2 are
    beyond 2σ (``close`` is 1 there), else 0."""
    c = np.asarray(close, dtype=float)
    if c.size == 0:
        return np.zeros(0)
    rtm = np.resize(np.asarray(relative_to_mean, dtype=float), c.size)
    cp, rp = np.r_[0, 0, c, 0, 0], np.r_[0, 0, rtm, 0, 0]
    out = np.zeros(c.size)
    for i in range(c.size):
        out[i] = float(any(
            cp[i + s : i + s + 3].sum() >= 2 and abs(rp[i + s : i + s + 3].sum()) == 3 for s in range(3)
        ))
    return out


def part_of_two_in_three(flags: np.ndarray, close: Sequence[float] | np.ndarray) -> np.ndarray:
    """The flagged points that are themselves beyond 2σ."""
    return ((np.asarray(flags) == 1) & (np.abs(np.asarray(close, dtype=float)) == 1)).astype(float)


def special_cause_types(
    values: Sequence[float] | np.ndarray,
    relative_to_mean: Sequence[float] | np.ndarray,
    close: Sequence[float] | np.ndarray,
    outside: Sequence[float] | np.ndarray,
) -> list[str]:
    """The special-cause label of every point (``ptd_special_cause_type``): "Above UCL", "Below LCL",
    "7 Point Trend (Increasing|Decreasing)", "2 in 3 Above|Below CL", "7 Points Above|Below CL" or
    "Common Cause"."""
    y = np.asarray(values, dtype=float)
    rtm = np.asarray(relative_to_mean, dtype=float)
    close_arr = np.asarray(close, dtype=float)
    return label_points(
        y,
        rtm,
        outside,
        trend=part_of_seven_trend(seven_point_trend(y)),
        two_three=part_of_two_in_three(two_in_three(close_arr, rtm), close_arr),
        one_side=part_of_seven_trend(seven_point_one_side_mean(rtm)),
    )


def label_points(
    values: Sequence[float] | np.ndarray,
    relative_to_mean: Sequence[float] | np.ndarray,
    outside: Sequence[float] | np.ndarray,
    *,
    trend: Sequence[float] | np.ndarray,
    two_three: Sequence[float] | np.ndarray,
    one_side: Sequence[float] | np.ndarray,
) -> list[str]:
    """Name each point from its rule flags, the first rule that holds in the order outside the
    limits, 7-point trend, 2 in 3 beyond 2σ, 7 points on one side."""
    y = np.asarray(values, dtype=float)
    rtm = np.asarray(relative_to_mean, dtype=float)
    out, trend_arr = np.asarray(outside, dtype=float), np.asarray(trend, dtype=float)
    two_arr, side_arr = np.asarray(two_three, dtype=float), np.asarray(one_side, dtype=float)
    sdy = np.sign(np.diff(y))
    # a point in a trend takes the direction of the step after it when that step is in the trend too
    in_next = np.r_[trend_arr[1:], 0] != 0
    after = np.r_[sdy, sdy[-1:] if sdy.size else np.zeros(y.size)]
    sdy = np.where(in_next & (trend_arr != 0), after[: y.size], np.r_[0, sdy])
    labels: list[str] = []
    for i in range(y.size):
        side = "Above" if rtm[i] > 0 else "Below"
        if out[i] != 0:
            labels.append("Above UCL" if rtm[i] == 1 else "Below LCL")
        elif trend_arr[i] != 0:
            labels.append(f"7 Point Trend ({'In' if sdy[i] == 1 else 'De'}creasing)")
        elif two_arr[i] != 0:
            labels.append(f"2 in 3 {side} CL")
        elif side_arr[i] != 0:
            labels.append(f"7 Points {side} CL")
        else:
            labels.append(COMMON_CAUSE)
    return labels


def point_types(labels: Sequence[str], improvement_direction: int) -> list[str]:
    """``common_cause``, ``special_cause_improvement`` / ``_concern`` (direction +1 higher is better,
    −1 lower is better) or ``special_cause_neutral_high`` / ``_low`` (direction 0)."""
    result = []
    for label in labels:
        high = "Above" in label or "Increasing" in label
        sign = 1 if high else -1 if ("Below" in label or "Decreasing" in label) else 0
        if sign == 0:
            result.append("common_cause")
        elif improvement_direction == 0:
            result.append("special_cause_neutral_high" if sign > 0 else "special_cause_neutral_low")
        else:
            oriented = sign * improvement_direction
            result.append("special_cause_improvement" if oriented > 0 else "special_cause_concern")
    return result


def variation_icon(point_type: str, improvement_direction: int) -> str:
    """Icon name of a point type (``ptd_get_icons``): common_cause, improvement_high/low,
    concern_high/low, neutral_high/low."""
    if point_type == "common_cause":
        return "common_cause"
    if point_type.startswith("special_cause_neutral_"):
        return "neutral_" + point_type.rsplit("_", 1)[1]
    high_is_good = improvement_direction > 0
    if point_type == "special_cause_improvement":
        return "improvement_high" if high_is_good else "improvement_low"
    return "concern_low" if high_is_good else "concern_high"


def assurance_icon(target: float | None, limits: XmrLimits, improvement_direction: int) -> str | None:
    """consistent_pass / consistent_fail / hit_and_miss (strict comparisons with the limits); None
    without a target or without polarity."""
    if target is None or np.isnan(target) or improvement_direction == 0:
        return None
    increasing = improvement_direction > 0
    if target > limits.upper:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < limits.lower:
        return "consistent_pass" if increasing else "consistent_fail"
    return "hit_and_miss"


def chart_points(values: Sequence[float] | np.ndarray, limits: XmrLimits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per point: side of the mean (−1/0/+1), outside the limits, beyond 2σ but inside the limits."""
    y = np.asarray(values, dtype=float)
    outside = (y > limits.upper) | (y < limits.lower)
    close = ~outside & ((y < limits.lower_2sigma) | (y > limits.upper_2sigma))
    return np.sign(y - limits.mean), outside.astype(float), close.astype(float)


def making_data_count(
    values: Sequence[float] | np.ndarray,
    *,
    higher_is_better: bool | None,
    target: float | None = None,
    min_points: int = MIN_POINTS,
) -> Icons:
    """Variation and assurance icons of a series of complete points in time order.

    ``status`` is ``computed``, ``too_few_points`` (fewer than ``min_points``: no icons) or
    ``no_variation`` (every value equal: the limits collapse and no icon is meaningful).
    """
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    if y.size < min_points:
        return Icons(None, None, "too_few_points", int(y.size), None)
    limits = xmr_limits(y)
    if limits.mean_moving_range == 0:
        return Icons(None, None, "no_variation", int(y.size), limits)
    direction = 0 if higher_is_better is None else (1 if higher_is_better else -1)
    rtm, outside, close = chart_points(y, limits)
    labels = special_cause_types(y, rtm, close, outside)
    last_type = point_types(labels, direction)[-1]
    return Icons(
        variation=variation_icon(last_type, direction),
        assurance=assurance_icon(target, limits, direction),
        status="computed",
        points=int(y.size),
        limits=limits,
    )
