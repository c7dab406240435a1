"""Chart geometry for the statistics page: server-drawn SVG, read out by its title and table.

Each chart is an <svg role="img"> with a title naming what it shows; the numbers are in a
table beside it and in a CSV download, so nobody depends on seeing the bars.

Every chart comes twice: wide (labels beside the bars, columns for a trend) and narrow for
phones (a 360-unit viewBox, each label above its bar, so the text is not scaled down to a
few pixels). The stylesheet shows one of them by screen width; the other is display:none
and so hidden from assistive technology too.
"""

from dataclasses import dataclass, field

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 300
WIDTH = 660
VALUE_SPACE = 56
COLUMN_HEIGHT = 180
COLUMN_TOP = 24
COLUMN_LABEL = 28
NARROW_WIDTH = 360
NARROW_LABEL = 18  # from a row's top to its bar: the label's line
NARROW_BAR = 14
NARROW_GAP = 12
NARROW_VALUE_SPACE = 48


@dataclass
class Mark:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float
    label_y: float


@dataclass
class Chart:
    kind: str  # "bars" (horizontal, one per value) or "columns" (a trend over time)
    width: int
    height: int
    marks: list[Mark] = field(default_factory=list)
    baseline: float = 0


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(rows: list[dict[str, object]], *, limit: int = 15, scale: int | None = None) -> Chart:
    """Horizontal bars for the first `limit` rows (the table lists all of them); the longest bar is the largest
    value, or `scale` (a score's 100) when given."""
    shown = rows[:limit]
    top = scale or max((int(str(r["count"])) for r in shown), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    chart = Chart("bars", WIDTH, max(1, len(shown)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP)
    for i, row in enumerate(shown):
        count = int(str(row["count"]))
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = max(1.0, span * count / top)
        chart.marks.append(Mark(
            label=_short(str(row["label"])), count=count, x=LABEL_WIDTH, y=y, width=round(width, 1),
            height=BAR_HEIGHT, text_x=round(LABEL_WIDTH + width + 6, 1), text_y=y + BAR_HEIGHT * 0.72,
            label_x=LABEL_WIDTH - 8, label_y=y + BAR_HEIGHT * 0.72))
    return chart


def columns(rows: list[dict[str, object]]) -> Chart:
    """Columns in the given (time) order, for a trend such as new partnerships per decade."""
    n = max(1, len(rows))
    slot = WIDTH / n
    top = max((int(str(r["count"])) for r in rows), default=0) or 1
    chart = Chart("columns", WIDTH, COLUMN_TOP + COLUMN_HEIGHT + COLUMN_LABEL, baseline=COLUMN_TOP + COLUMN_HEIGHT)
    for i, row in enumerate(rows):
        count = int(str(row["count"]))
        height = max(1.0, COLUMN_HEIGHT * count / top)
        x = i * slot + slot * 0.2
        y = COLUMN_TOP + COLUMN_HEIGHT - height
        chart.marks.append(Mark(
            label=_short(str(row["label"]), 12), count=count, x=round(x, 1), y=round(y, 1),
            width=round(slot * 0.6, 1), height=round(height, 1), text_x=round(i * slot + slot / 2, 1),
            text_y=round(y - 6, 1), label_x=round(i * slot + slot / 2, 1),
            label_y=COLUMN_TOP + COLUMN_HEIGHT + 18))
    return chart


def narrow_bars(rows: list[dict[str, object]], *, limit: int | None = 15, scale: int | None = None) -> Chart:
    """The phone variant: one row per value, its label on a line of its own above a full-width bar.

    A trend (the decades) keeps its order and every value (`limit=None`); the bars show
    the `limit` largest values like the wide chart.
    """
    shown = rows[:limit] if limit else rows
    top = scale or max((int(str(r["count"])) for r in shown), default=0) or 1
    span = NARROW_WIDTH - NARROW_VALUE_SPACE
    pitch = NARROW_LABEL + NARROW_BAR + NARROW_GAP
    chart = Chart("narrow", NARROW_WIDTH, max(1, len(shown)) * pitch - NARROW_GAP + 4)
    for i, row in enumerate(shown):
        count = int(str(row["count"]))
        top_y = i * pitch
        bar_y = top_y + NARROW_LABEL
        width = max(1.0, span * count / top)
        chart.marks.append(Mark(
            label=_short(str(row["label"]), 48), count=count, x=0, y=bar_y, width=round(width, 1),
            height=NARROW_BAR, text_x=round(width + 6, 1), text_y=bar_y + 11.5,
            label_x=0, label_y=top_y + 13))
    return chart
