"""Progress of a logframe indicator: how far the latest actual value has moved from the
baseline towards the target.

progress = (latest − baseline) / (target − baseline) × 100

The formula works in both directions: when the target is below the baseline (fewer
complaints, fewer days in police custody) a falling value is progress. The raw percentage
is kept (it may be negative, or above 100 when the target is overtaken); `percent` is the
same value clamped to 0..100 for a progress bar. There is no progress (None) while no
actual value is recorded, or when the target equals the baseline (nothing to move).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from vigil.programmes.models import Indicator

HUNDRED = Decimal(100)
NO_VALUE = "no_value"
TARGET_IS_BASELINE = "target_is_baseline"
_REASONS = {
    NO_VALUE: _("No actual value recorded yet."),
    TARGET_IS_BASELINE: _("The target equals the baseline, so progress cannot be measured."),
}


@dataclass(frozen=True)
class Progress:
    baseline: Decimal
    target: Decimal
    series: list[tuple[date, Decimal]] = field(default_factory=list)  # oldest first
    latest: Decimal | None = None
    latest_on: date | None = None
    raw: Decimal | None = None  # unclamped percentage; None with a `reason`
    reason: str = ""

    @property
    def percent(self) -> Decimal | None:
        """The percentage clamped to 0..100, for display."""
        if self.raw is None:
            return None
        return min(max(self.raw, Decimal(0)), HUNDRED)

    @property
    def decreasing(self) -> bool:
        """Whether progress means going down (a target below the baseline)."""
        return self.target < self.baseline

    @property
    def reached(self) -> bool:
        return self.raw is not None and self.raw >= HUNDRED

    @property
    def explanation(self) -> str | _StrPromise:
        return _REASONS.get(self.reason, "")


def progress_between(
    *, baseline: Decimal, target: Decimal, values: Iterable[tuple[date, Decimal]]
) -> Progress:
    """Progress from dated actual values (any order); the latest by date counts.

    Two values of the same date: the one given last counts (values come in recording order).
    """
    series = sorted(values, key=lambda pair: pair[0])  # stable: same-day order is kept
    baseline, target = Decimal(baseline), Decimal(target)
    if not series:
        return Progress(baseline, target, series, reason=NO_VALUE)
    latest_on, latest = series[-1]
    latest = Decimal(latest)
    if target == baseline:
        return Progress(baseline, target, series, latest, latest_on, reason=TARGET_IS_BASELINE)
    raw = (latest - baseline) / (target - baseline) * HUNDRED
    return Progress(baseline, target, series, latest, latest_on, raw.quantize(Decimal("0.1")))


def indicator_progress(indicator: Indicator) -> Progress:
    """Progress of one indicator; prefetch `values` when reading many."""
    values = [(v.measured_on, v.value) for v in indicator.values.all()]
    return progress_between(baseline=indicator.baseline, target=indicator.target, values=values)
