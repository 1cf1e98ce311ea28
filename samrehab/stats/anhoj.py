"""Run-chart analysis with the Anhøj rules, as the R package qicharts2 computes it.

Points on the centre line (by default the median) and missing points are not useful observations.
With n useful observations, a *run* is a sequence of consecutive useful points on the same side of
the centre line and a *crossing* is a change of side between two consecutive useful points.
Non-random variation is signalled when

* the longest run exceeds ``round(log2(n)) + 3`` (Schilling 2012; R's ``round``, half to even), or
* the number of crossings is below ``qbinom(0.05, n - 1, 0.5)`` (Chen 2010).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class RunsAnalysis:
    """Result of :func:`runs_analysis` (field names follow qicharts2, with underscores)."""

    centre: float | None
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs_signal: bool
    longest_run_signal: bool
    crossings_signal: bool


@dataclass(frozen=True)
class Run:
    """A run: consecutive useful points on one side of the centre line."""

    side: int  # +1 above, -1 below
    first: int  # position in the series of the run's first point
    last: int  # ... and of its last point
    length: int  # useful points in the run


def runs(values: Sequence[float] | np.ndarray, median: float | Sequence[float] | np.ndarray) -> list[Run]:
    """The runs of a series in time order around ``median`` (a number or one centre value per point).

    Missing values (NaN) and points on the centre line are not useful and belong to no run; the number of
    crossings is ``len(runs) - 1`` and the longest run is the largest ``length``.
    """
    y = np.asarray(values, dtype=float)
    sides = np.sign(y - np.broadcast_to(np.asarray(median, dtype=float), y.shape))
    found: list[Run] = []
    for index, side in enumerate(sides):
        if np.isnan(side) or side == 0:
            continue
        if found and found[-1].side == side:
            previous = found[-1]
            found[-1] = Run(previous.side, previous.first, index, previous.length + 1)
        else:
            found.append(Run(int(side), index, index, 1))
    return found


def runs_limits(n_useful: int) -> tuple[int, int]:
    """Return ``(longest_run_max, n_crossings_min)`` for ``n_useful`` useful observations.

    ``longest_run_max = round(log2(n)) + 3`` with round half to even (as R's ``round``) and
    ``n_crossings_min = qbinom(0.05, n - 1, 0.5)``, the smallest c with P(C <= c) >= 0.05 for
    C ~ Binomial(n - 1, 1/2) (``scipy.stats.binom.ppf`` uses the same definition).
    """
    if n_useful < 1:
        raise ValueError("runs_limits needs at least one useful observation")
    longest_run_max = int(np.round(np.log2(n_useful))) + 3
    n_crossings_min = int(stats.binom.ppf(0.05, max(n_useful - 1, 0), 0.5))
    return longest_run_max, n_crossings_min


def runs_analysis(
    values: Sequence[float] | np.ndarray,
    centre: float | Sequence[float] | np.ndarray | None = None,
) -> RunsAnalysis:
    """Anhøj runs analysis of a series in time order.

    ``centre`` is the centre line: a number, one value per point (e.g. a p-chart's centre line
    per part), or None for the median of the non-missing values (a run chart). Missing values
    (NaN) and points exactly on the centre line are skipped. With no useful observation nothing
    is signalled and the counts are None.
    """
    y = np.asarray(values, dtype=float)
    n_obs = int(y.size)
    if centre is None:
        finite = y[~np.isnan(y)]
        cl = float(np.median(finite)) if finite.size else None
        cl_values = np.full(n_obs, np.nan if cl is None else cl)
    else:
        cl_values = np.broadcast_to(np.asarray(centre, dtype=float), y.shape)
        cl = float(cl_values[0]) if n_obs and np.all(cl_values == cl_values[0]) else None
    found = runs(y, cl_values)
    n_useful = sum(run.length for run in found)
    if n_useful == 0:
        return RunsAnalysis(cl, n_obs, 0, None, None, None, None, False, False, False)
    longest_run = max(run.length for run in found)
    n_crossings = len(found) - 1
    longest_run_max, n_crossings_min = runs_limits(n_useful)
    long_signal = longest_run > longest_run_max
    cross_signal = n_crossings < n_crossings_min
    return RunsAnalysis(
        centre=cl,
        n_obs=n_obs,
        n_useful=n_useful,
        longest_run=longest_run,
        longest_run_max=longest_run_max,
        n_crossings=n_crossings,
        n_crossings_min=n_crossings_min,
        runs_signal=bool(long_signal or cross_signal),
        longest_run_signal=bool(long_signal),
        crossings_signal=bool(cross_signal),
    )
