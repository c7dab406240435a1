"""The radar chart's geometry: one axis per criterion, both sides overlaid, drawn as inline SVG on the server.

Pure arithmetic (no Django): the template draws what this returns. The German side is a solid
line with round markers, the partner side a dashed line with square markers, so colour is
never the only difference; the numbers are in the table beside the chart.
"""

import math
from dataclasses import dataclass, field

SIZE = 420
CENTRE = SIZE / 2
RADIUS = 150
LABEL_RADIUS = RADIUS + 22
RINGS = (25, 50, 75, 100)


@dataclass
class Axis:
    number: int
    x: str
    y: str
    label_x: str
    label_y: str


@dataclass
class Series:
    name: str  # german or partner
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def markers(self) -> list[tuple[str, str, str, str]]:
        """(x, y) of each point and the top left corner of a square marker around it, as SVG numbers."""
        return [(f"{x:.1f}", f"{y:.1f}", f"{x - 4:.1f}", f"{y - 4:.1f}") for x, y in self.points]

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Radar:
    size: int
    centre: str
    axes: list[Axis]
    rings: list[tuple[int, str]]  # (value, polygon points)
    series: list[Series]


def _at(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)


def radar(values: dict[str, list[float | None]]) -> Radar:
    """The chart for {side: [score of criterion 1, …]} (None: no answer, no point on that axis)."""
    count = max((len(v) for v in values.values()), default=0)
    if count < 3:
        count = max(count, 3)  # a radar needs three axes to be a shape
    axes = []
    for i in range(count):
        x, y = _at(i, count, 100)
        angle = -math.pi / 2 + 2 * math.pi * i / count
        axes.append(Axis(i + 1, f"{x:.1f}", f"{y:.1f}", f"{CENTRE + LABEL_RADIUS * math.cos(angle):.1f}",
                         f"{CENTRE + LABEL_RADIUS * math.sin(angle):.1f}"))
    rings = [(ring, " ".join("{:.1f},{:.1f}".format(*_at(i, count, ring)) for i in range(count))) for ring in RINGS]
    series = [Series(name, [_at(i, count, v) for i, v in enumerate(scores) if v is not None])
              for name, scores in values.items()]
    return Radar(SIZE, f"{CENTRE:.0f}", axes, rings, series)
