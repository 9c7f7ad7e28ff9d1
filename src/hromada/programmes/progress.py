"""How far an indicator has come: the one rule behind every progress figure of the programme module.

The staff dashboard, the indicators page, the portal's programme page, the annual effectiveness report and the
strategy and action-plan pages all call :func:`share_of_way`, so a figure means the same everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO, HUNDRED = Decimal(0), Decimal(100)
ONE_PLACE = Decimal("0.1")


def share_of_way(baseline: Decimal | None, target: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """The share of the way from the baseline to the target that the actual value has covered, in %.

    * The direction comes from the numbers: a target below the baseline is a value that should fall (fewer
      paper-only services), and falling towards it is progress; the model needs no separate flag for it.
    * 0–100, one decimal: a value that moved away from the target (below the baseline of a value that
      should grow) has made no progress — 0, never a negative share; a value beyond the target has reached
      it — 100 (the actual value beside the figure shows by how much).
    * No figure (None) where there is no honest one: no target, no actual value or no baseline (the way's
      start is unknown, so a decreasing indicator would read as 400 %). A target equal to the baseline (keep
      the level) is 100 when the actual value is the target and has no figure otherwise: which side is
      better is not known.
    """
    if target is None or actual is None or baseline is None:
        return None
    baseline, target, actual = Decimal(baseline), Decimal(target), Decimal(actual)
    if target == baseline:
        return HUNDRED.quantize(ONE_PLACE) if actual == target else None
    share = (actual - baseline) * HUNDRED / (target - baseline)
    share = min(max(share, ZERO), HUNDRED)
    return share.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
