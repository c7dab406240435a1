"""Scores: the mean of answered scale items, each rescaled to 0–100; "not applicable" left out.

`tally` is a pure function over points (the property tests pin its invariants: every score
lies in 0–100, a "not applicable" changes no mean, the order of answers does not matter).
`selectors.scores` reads the points of one or more responses and groups them by a key of the
items' meta, looked up on the item, then its section, then the section's parent (the
check-up groups by criterion, part and dimension).
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Point:
    """One answered scale item: its level (None: not applicable) on a scale from `low` to `high`."""

    group: Hashable
    level: int | None
    low: int
    high: int


@dataclass(frozen=True)
class Score:
    """The mean of the answered items on 0–100 (None when none was answered) and how many there were."""

    value: float | None
    answers: int
    not_applicable: int

    @property
    def rounded(self) -> int | None:
        return None if self.value is None else math.floor(self.value + 0.5)


def rescaled(level: int, low: int, high: int) -> float:
    return (level - low) / (high - low) * 100


def tally(points: Iterable[Point]) -> dict[Hashable, Score]:
    """A Score per group. `math.fsum` keeps the sums exact whatever the order of the answers."""
    values: dict[Hashable, list[float]] = {}
    skipped: dict[Hashable, int] = {}
    for p in points:
        values.setdefault(p.group, [])
        if p.level is None:
            skipped[p.group] = skipped.get(p.group, 0) + 1
        else:
            values[p.group].append(rescaled(p.level, p.low, p.high))
    return {group: Score(math.fsum(v) / len(v) if v else None, len(v), skipped.get(group, 0))
            for group, v in values.items()}


def groups_of(value: Any) -> list[Hashable]:
    """A meta value names one group, or several as a list; nothing names no group."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, Hashable)]
    return [value] if isinstance(value, Hashable) else []
