"""Geometry of a key phrase's SVG timeline: one dot per session, its area growing with the count."""

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
