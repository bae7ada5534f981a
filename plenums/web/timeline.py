"""Geometry of the SVG charts: a key phrase's timeline of dots, a search's bars per year."""

import math

SVG_WIDTH, SVG_HEIGHT, SVG_PAD, SVG_AXIS = 640, 84, 40, 36
# Radius of each dot's invisible link target: at least 24 CSS px across on a 390 px phone.
SVG_HIT = 24


def timeline_svg(occurrences) -> dict:
    """Coordinates for the phrase timeline: one dot per session, area growing with its count."""
    dated = [o for o in occurrences if o.session.year]
    if not dated:
        return {"points": [], "ticks": []}

    def when(o):
        s = o.session
        return s.year + ((s.month or 6) - 1) / 12 + ((s.day or 15) - 1) / 365

    first = math.floor(min(when(o) for o in dated))
    last = math.floor(max(when(o) for o in dated)) + 1
    span = last - first
    inner = SVG_WIDTH - 2 * SVG_PAD
    x = lambda t: round(SVG_PAD + (t - first) / span * inner, 1)  # noqa: E731
    step = max(1, math.ceil(span / 10))
    ticks = [{"x": x(year), "year": year} for year in range(first, last + 1, step)]
    points = [
        {
            "x": x(when(o)),
            "r": round(3 + 2 * math.sqrt(o.count), 1),
            "occurrence": o,
        }
        for o in dated
    ]
    return {
        "points": points,
        "ticks": ticks,
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "axis": SVG_AXIS,
        "axis_end": SVG_WIDTH - SVG_PAD,
        "tick_top": SVG_AXIS - 4,
        "tick_bottom": SVG_AXIS + 4,
        "label": SVG_AXIS + 26,
        "hit": SVG_HIT,
    }


# Bars per year are drawn at their natural size (one SVG unit is one CSS pixel) so that every
# column stays a link target at least 24 px wide on a phone; a long run of years scrolls inside
# its figure rather than shrinking.
BAR_TARGET_WIDTH, BAR_COLUMN_MIN, BAR_COLUMN_MAX = 640, 28, 56
BAR_PAD, BAR_TOP, BAR_PLOT, BAR_GAP = 8, 18, 110, 6
# A year label needs about 32 px at 12 px: narrower columns label every other year.
BAR_LABEL_EVERY_COLUMN = 40


def year_bars(items, value, top=None) -> dict:
    """Coordinates for a bar per year: ``items`` (one per year, in order) carry ``year``;
    ``value(item)`` is the bar's height in any unit, ``top`` the value that fills the plot
    (by default the largest)."""
    if not items:
        return {"bars": []}
    count = len(items)
    column = max(BAR_COLUMN_MIN, min(BAR_COLUMN_MAX, BAR_TARGET_WIDTH // count))
    tallest = top or max((value(item) or 0) for item in items)
    axis = BAR_TOP + BAR_PLOT
    step = 1 if column >= BAR_LABEL_EVERY_COLUMN else 2
    bars = []
    for i, item in enumerate(items):
        amount = value(item) or 0
        height = round(amount / tallest * BAR_PLOT, 1) if tallest else 0
        if amount and height < 2:
            height = 2  # a non-zero value stays visible
        left = BAR_PAD + i * column
        bars.append(
            {
                "item": item,
                "column_x": left,
                "x": left + BAR_GAP / 2,
                "y": round(axis - height, 1),
                "width": column - BAR_GAP,
                "height": height,
                "middle": left + column / 2,
                "value_y": round(axis - height - 4, 1),
                # The latest year is always labelled.
                "labelled": (count - 1 - i) % step == 0,
            }
        )
    return {
        "bars": bars,
        "width": 2 * BAR_PAD + count * column,
        "height": axis + 24,
        "column": column,
        "axis": axis,
        "axis_start": BAR_PAD,
        "axis_end": BAR_PAD + count * column,
        "label": axis + 17,
    }
