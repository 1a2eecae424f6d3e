"""Charts drawn on the server as SVG text, for web pages and PDF reports (WeasyPrint draws inline SVG).

Dataclasses in, a ``str`` out, byte-identical for the same input. The ``<svg>`` is ``role="img"``,
labelled by ``<title>`` and ``<desc>`` (ids hashed from what is drawn, so charts on a page do not
collide); the desc says in words what the eye sees. Nothing is told by colour alone: bands are named
in the right gutter, lines are labelled, highlighted points (special-cause signals) get a diamond,
noted points ("Provisional") are hollow, and a key explains both. GOV.UK palette: line #1d70b8 (5.2:1
on white), text #0b0c0c, limits #505a5f, signals #d4351c (4.9:1); band tints at 15% opacity.

Axes: periods evenly spaced, labels thinned to every k-th back from the latest. The y domain covers
data, finite band edges, lines and a margin past open bands, rounded out to 4-6 nice ticks; percentages
stay in 0-100% and take the whole scale once the content spans half of it, else zoom in.
"""

from __future__ import annotations

import hashlib
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from clearsight.engine.thresholds import Thresholds


class ChartError(ValueError):
    """A programmer error: a non-finite value, an unknown line style, a bad index, a tiny chart."""


@dataclass(frozen=True)
class Point:
    label: str  # x-axis label: "Oct 2017", "2017-18 Q2"
    value: float | None  # None: no data for the period, drawn as a break in the line
    note: str = ""  # "Provisional": drawn hollow, and said in the desc and the tooltip


@dataclass(frozen=True)
class BandShade:
    grade: str  # "Good": the label at the right edge
    low: float | None  # None: open, runs to the chart's edge
    high: float | None


@dataclass(frozen=True)
class ReferenceLine:
    label: str  # "England", "Statistical neighbours"
    value: float
    style: str = "dashed"  # a key of DASHES


@dataclass(frozen=True)
class Limits:  # an SPC chart's centre line and process limits
    mean: float
    lower: float | None
    upper: float | None


BLUE, TEXT, GREY, GRID, RED, WHITE = "#1d70b8", "#0b0c0c", "#505a5f", "#b1b4b6", "#d4351c", "#ffffff"
BAND_COLOURS = dict(zip(("Inadequate", "Requires Improvement", "Good", "Outstanding"),
                        (RED, "#f47738", "#00703c", "#5694ca"), strict=True))  # fmt: skip
BAND_OPACITY = 0.15
DASHES = {"dashed": "6 4", "dotted": "2 3", "solid": ""}
FONT = 12  # px when the chart is drawn 640 wide
CHAR = FONT * 0.6  # a generous Arial average width, so estimates err towards room
SIGNAL_KEY, NO_DATA = "Special cause", "No data yet"

_STEPS = {Fraction(1): 1.0, Fraction(2): 1.0, Fraction(5): 1.0, Fraction(5, 2): 1.15}  # step: its cost
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_Y = Callable[[float], float]  # a value's y in the SVG
_Labelled = tuple[str, float, str, str, str]  # label, value, colour, dash, kind
_LINE = dict(class_="cs-line", fill="none", stroke=BLUE, stroke_linejoin="round", stroke_linecap="round")


def bands_for_chart(thresholds: Thresholds) -> list[BandShade]:
    """The graded bands, worst to best; open ends stay ``None`` and run to the chart's edge."""
    return [BandShade(str(band.grade), band.low, band.high) for band in thresholds.bands]


def nice_ticks(low: float, high: float) -> list[float]:
    """4-6 evenly spaced round values (1, 2, 2.5 or 5 x 10^n) from at or below ``low`` to at or
    above ``high``: the tightest cover wins, 2.5 only if 15% tighter, then the fewer ticks."""
    low, high = sorted((_finite(low, "low"), _finite(high, "high")))
    if high - low <= 1e-9 * max(1.0, abs(high)):
        pad = max(abs(low) * 0.1, 1.0)
        low, high = (0.0, 1.0) if low == 0 else (low - pad, high + pad)
    top = math.floor(math.log10(high - low))
    best: tuple[tuple[float, ...], list[float]] | None = None
    for exponent in range(top - 2, top + 2):
        for mantissa, cost in _STEPS.items():
            step = mantissa * Fraction(10) ** exponent
            first, last = math.floor(Fraction(low) / step), math.ceil(Fraction(high) / step)
            count = last - first + 1
            key = (0 if 4 <= count <= 6 else abs(count - 5), float((last - first) * step) * cost, count)
            if best is None or key < best[0]:
                best = (key, [float(k * step) for k in range(first, last + 1)])
    assert best is not None
    return best[1]


def format_value(value: float, unit: str = "") -> str:
    """Up to one decimal, thousands separated, with the unit: '86%', '84.2%', '1,203 days'."""
    text = f"{round(value, 1) + 0.0:,.1f}".removesuffix(".0")  # + 0.0: no "-0"
    return f"{text}%" if unit == "%" else f"{text} {unit}" if unit else text


def sparkline(points: Sequence[Point], *, title: str, width: int = 120, height: int = 32) -> str:
    """A line for a table cell: no axes, latest value marked, gaps as breaks; px-sized for the cell."""
    _check(points, width, height, (24, 12))
    svg = _head(("spark", title, points), title, _summary(points, ""), width, height, f'height="{height}"')
    valued = [p.value for p in points if p.value is not None]
    if not valued:
        return svg + _text(NO_DATA, width / 2, height / 2 + 4, "middle") + "</svg>"
    lo, hi, pad = min(valued), max(valued), 4.0
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    xs = [width / 2 if len(points) == 1 else pad + i * step for i in range(len(points))]

    def y(v: float) -> float:
        return height / 2 if hi == lo else pad + (hi - v) / (hi - lo) * (height - 2 * pad)

    parts, alone = _paths(points, xs, y, 1.5)
    last = max(i for i, p in enumerate(points) if p.value is not None)
    for i, p in enumerate(points):
        if p.value is not None and (i in alone or i == last):
            parts.append(_el("circle", cx=xs[i], cy=y(p.value), r=2.5, fill=BLUE))
    return svg + "".join(parts) + "</svg>"


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    unit: str = "",
    bands: Sequence[BandShade] = (),
    references: Sequence[ReferenceLine] = (),
    limits: Limits | None = None,
    highlight: Sequence[int] = (),
    width: int = 640,
    height: int = 280,
) -> str:
    """A line chart over periods with shaded bands, reference lines, SPC limits and highlighted
    points. ``highlight`` holds indexes into ``points``; a highlighted gap has nothing to mark."""
    _check(points, width, height, (240, 120), *[e for b in bands for e in (b.low, b.high) if e is not None])
    lines = _labelled_lines(references, limits, unit)
    if bad := [i for i in highlight if not 0 <= i < len(points)]:
        raise ChartError(f"Highlight indexes {bad} are outside the series of {len(points)} points")
    marked = sorted({i for i in highlight if points[i].value is not None})
    values = [p.value for p in points if p.value is not None]
    said = [description.strip(), _summary(points, unit)]
    said += [f"Shaded bands: {'; '.join(_band_words(b, unit) for b in bands)}."] if bands else []
    for kind in dict.fromkeys(k for *_, k in lines):
        said.append(f"{kind}: {'; '.join(t for t, *_, k in lines if k == kind)}.")
    if marked:
        words = "; ".join(_point_words(points[i], unit) for i in marked)
        said.append(f"{SIGNAL_KEY} points, marked with a diamond: {words}.")
    drawn = ("line", title, description, unit, points, bands, references, limits, marked)
    svg = _head(drawn, title, " ".join(s for s in said[: None if values else 2] if s), width, height, "")
    if not values:
        frame = _el("rect", x=40, y=14, width=width - 56, height=height - 44, fill=WHITE, stroke=GRID)
        return svg + frame + _text(NO_DATA, width / 2, height / 2, "middle", font_size=14) + "</svg>"

    ticks = _domain(values, unit, bands, [v for _, v, _, _, _ in lines])
    gap = ticks[1] - ticks[0]
    decimals = next(d for d in range(7) if abs(gap * 10**d - round(gap * 10**d)) < 1e-6 or d == 6)
    tick_text = [f"{t + 0.0:,.{decimals}f}" + ("%" if unit == "%" else "") for t in ticks]
    caption = unit if unit not in ("", "%") else ""
    notes = sorted({p.note for p in points} - {""})
    keys = [("signal", SIGNAL_KEY)] * bool(marked) + [("note", note) for note in notes]
    wrapped = [textwrap.wrap(b.grade, 12, break_long_words=False) or [""] for b in bands]
    left = 12 + max(len(t) * CHAR for t in tick_text)
    right = width - 16 - max((len(w) * CHAR for ws in wrapped for w in ws), default=0)
    top, bottom = (34 if caption or keys else 14), height - 30
    step = (right - left) / len(points)
    xs = [left + (i + 0.5) * step for i in range(len(points))]

    def y(v: float) -> float:
        return top + (ticks[-1] - v) / (ticks[-1] - ticks[0]) * (bottom - top)

    out = [_rect(0, 0, width, height, WHITE)]
    centres = []  # of each band's visible extent, clipped to the domain
    for band in bands:  # shades run under the gutter, so each label sits on its own colour
        b_hi = ticks[-1] if band.high is None else max(min(band.high, ticks[-1]), ticks[0])
        b_lo = ticks[0] if band.low is None else min(max(band.low, ticks[0]), b_hi)
        colour = BAND_COLOURS.get(band.grade, GRID)
        out.append(_rect(left, y(b_hi), width - left, y(b_lo) - y(b_hi), colour, BAND_OPACITY, "cs-band"))
        centres.append((y(b_hi) + y(b_lo)) / 2)
    for t, text in zip(ticks, tick_text, strict=True):
        out += [_hline(left, right, y(t), GRID, 1), _text(text, left - 6, y(t) + 4, "end", "cs-y")]
    out.append(_hline(left, right, bottom, TEXT, 1))
    every = max(1, math.ceil((max(len(p.label) * CHAR for p in points) + 10) / step))
    for i, p in enumerate(points[::-1][::every]):
        half, x = len(p.label) * CHAR / 2, xs[len(points) - 1 - i * every]
        out.append(_text(p.label, min(max(x, half + 2), width - half - 2), bottom + 18, "middle", "cs-x"))
    out += [_hline(left, right, y(v), colour, 1.5, dash, "cs-reference") for _, v, colour, dash, _ in lines]
    dots = [None if p.value is None else (x, y(p.value)) for x, p in zip(xs, points, strict=True)]
    spans = [len(text) * CHAR * 0.88 + 4 for text, *_ in lines]  # mixed case runs narrower
    places = _place([y(v) for _, v, *_ in lines], spans, dots, (left, right, top, bottom))
    for (text, _, ink, _, _), span, (x, mid) in zip(lines, spans, places, strict=True):
        out.append(_rect(x, mid - 8, span, 16, WHITE, 0.85))
        out.append(_text(text, x + 2, mid + 4, cls="cs-reference-label", fill=ink))
    paths, alone = _paths(points, xs, y, 2.5)
    out += paths  # after the labels, so a label never hides the data
    for i, p in enumerate(points):
        if p.value is not None and (step >= 9 or i in alone or p.note or i == len(points) - 1):
            tip = _el("title", _esc(_point_words(p, unit)))  # hollow when noted ("Provisional")
            out.append(_el("circle", tip, class_="cs-point", cx=xs[i], cy=y(p.value), r=4,
                           fill=WHITE if p.note else BLUE, stroke=BLUE, stroke_width=2))  # fmt: skip
    for i in marked:
        tip = _el("title", _esc(f"{SIGNAL_KEY}: {_point_words(points[i], unit)}"))
        out.append(_diamond(xs[i], y(points[i].value or 0.0), 8, tip))
    sizes = [15.0 * len(ws) for ws in wrapped]
    for ws, mid, size in zip(wrapped, _spread(centres, sizes, top, bottom), sizes, strict=True):
        rows = "".join(_el("tspan", _esc(w), x=width - 8, dy=4 - size / 2 + 7.5 if j == 0 else 15)
                       for j, w in enumerate(ws))  # fmt: skip
        out.append(_el("text", rows, class_="cs-band-label", y=mid, text_anchor="end", fill=TEXT))
    out += [_text(caption, 8, 18)] if caption else []
    x = width - 8 - sum(len(text) * CHAR + 26 for _, text in keys)
    for kind, text in keys:
        glyph = _el("circle", cx=x + 6, cy=16, r=4, fill=WHITE, stroke=BLUE, stroke_width=2)
        out += [_diamond(x + 6, 16, 6) if kind == "signal" else glyph, _text(text, x + 16, 20)]
        x += len(text) * CHAR + 26
    return svg + "".join(out) + "</svg>"


def _check(points: Sequence[Point], width: int, height: int, least: tuple[int, int], *edges: float) -> None:
    if width < least[0] or height < least[1]:
        raise ChartError(f"A {width}x{height} chart is too small; the least is {least[0]}x{least[1]}")
    _ = [_finite(p.value, f"the value for {p.label!r}") for p in points if p.value is not None]
    _ = [_finite(edge, "a band edge") for edge in edges]


def _finite(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ChartError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _labelled_lines(references: Sequence[ReferenceLine], limits: Limits | None, unit: str) -> list[_Labelled]:
    """Limits in grey (the mean solid, the limits long-dashed), then reference lines in near-black."""
    if bad := [r.style for r in references if r.style not in DASHES]:
        raise ChartError(f"Reference line styles {bad} are not among {list(DASHES)}")
    named = [] if limits is None else [("Mean", limits.mean, ""), ("Upper limit", limits.upper, "8 4"),
                                       ("Lower limit", limits.lower, "8 4")]  # fmt: skip
    lines = [(name, v, GREY, dash, "Process limits") for name, v, dash in named if v is not None]
    lines += [(r.label, r.value, TEXT, DASHES[r.style], "Reference lines") for r in references]
    return [(f"{t} {format_value(_finite(v, t), unit)}", v, colour, d, k) for t, v, colour, d, k in lines]


def _domain(values: list[float], unit: str, bands: Sequence[BandShade], others: list[float]) -> list[float]:
    wanted = values + others + [e for b in bands for e in (b.low, b.high) if e is not None]
    lo, hi = min(wanted), max(wanted)
    percent = unit == "%" and lo >= 0 and hi <= 100
    pad = 0.1 * (hi - lo) or max(abs(lo) * 0.1, 1.0)
    wanted += [lo - pad, hi + pad] if hi == lo else []  # room around a flat series
    wanted += [b.high - pad for b in bands if b.low is None and b.high is not None]  # show some of
    wanted += [b.low + pad for b in bands if b.high is None and b.low is not None]  # an open band
    lo, hi = min(wanted), max(wanted)
    if percent:
        lo, hi = max(lo, 0.0), min(hi, 100.0)
        lo, hi = (0.0, 100.0) if hi - lo >= 50 else (lo, hi)
    return nice_ticks(lo, hi)


def _summary(points: Sequence[Point], unit: str) -> str:
    valued = [p for p in points if p.value is not None]
    if not valued:
        return f"{NO_DATA}."
    first, last, missing = points[0].label, points[-1].label, len(points) - len(valued)
    said = f"{len(points)} periods from {first} to {last}" if points[1:] else f"1 period, {first}"
    said += (f", {missing} without data. " if missing else ". ") + "Latest value "
    said += _point_words(valued[-1], unit) + ("." if valued[-1] is points[-1] else f"; no data for {last}.")
    if valued[1:]:
        ranked = sorted(valued, key=lambda p: p.value or 0.0)
        said += f" First value {_point_words(valued[0], unit)}; lowest {_point_words(ranked[0], unit)}; "
        said += f"highest {_point_words(ranked[-1], unit)}."
    return said


def _point_words(p: Point, unit: str) -> str:
    value = "no data" if p.value is None else format_value(p.value, unit)
    return f"{value} in {p.label}" + (f" ({p.note})" if p.note else "")


def _band_words(b: BandShade, unit: str) -> str:
    low, high = ("" if v is None else format_value(v, unit) for v in (b.low, b.high))
    if low and high:
        return f"{b.grade} {low} to {high}"
    return f"{b.grade} {low} and above" if low else f"{b.grade} below {high}" if high else b.grade


def _paths(points: Sequence[Point], xs: list[float], y: _Y, width: float) -> tuple[list[str], set[int]]:
    """One path per run of consecutive values (a gap breaks the line), and the values alone in a run."""
    runs: list[list[tuple[int, str]]] = [[]]
    for i, p in enumerate(points):
        if p.value is None:
            runs.append([])
        else:
            runs[-1].append((i, f"{'L' if runs[-1] else 'M'}{_n(xs[i])} {_n(y(p.value))}"))
    paths = [_el("path", d=" ".join(d for _, d in r), stroke_width=width, **_LINE) for r in runs if r[1:]]
    return paths, {r[0][0] for r in runs if len(r) == 1}


def _diamond(x: float, y: float, r: float, body: str = "") -> str:
    d = f"M{_n(x)} {_n(y - r)} L{_n(x + r)} {_n(y)} L{_n(x)} {_n(y + r)} L{_n(x - r)} {_n(y)} Z"
    return _el("path", body, class_="cs-signal", d=d, fill="none", stroke=RED, stroke_width=2.5)


def _place(
    ys: list[float], spans: list[float], dots: list[tuple[float, float] | None], box: tuple[float, ...]
) -> list[tuple[float, float]]:
    """Where each line's label goes: above or below its line, at the left or right end, wherever the
    data line crosses it least (first choice above, left); then labels are moved apart."""
    left, right, top, bottom = box
    trace = [d for d in dots if d]
    for a, b in zip(dots, dots[1:], strict=False):
        if a and b:  # along each segment too, not only at the points
            trace += [(a[0] + (b[0] - a[0]) * k / 8, a[1] + (b[1] - a[1]) * k / 8) for k in range(1, 8)]
    spots = []
    for line_y, span in zip(ys, spans, strict=True):
        options = [(x, line_y + dy) for dy in (-9, 9) for x in (left + 4, right - 4 - span)]
        crossed = [sum(x <= tx <= x + span and abs(ty - mid) < 10 for tx, ty in trace) for x, mid in options]
        spots.append(options[crossed.index(min(crossed))])
    mids = _spread([mid for _, mid in spots], [15.0] * len(spots), top + 2, bottom - 2)
    return [(x, mid) for (x, _), mid in zip(spots, mids, strict=True)]


def _spread(wanted: list[float], sizes: list[float], lo: float, hi: float) -> list[float]:
    """Centres moved apart as little as possible so blocks of these heights do not overlap."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    at, edge = list(wanted), lo
    for i in order:
        at[i] = max(at[i], edge + sizes[i] / 2)
        edge = at[i] + sizes[i] / 2
    edge = hi
    for i in reversed(order):
        at[i] = min(at[i], edge - sizes[i] / 2)
        edge = at[i] - sizes[i] / 2
    return at


def _head(drawn: tuple[object, ...], title: str, desc: str, width: int, height: int, fixed: str) -> str:
    """The root, title and desc. ``fixed`` sizes a sparkline in px; a chart is 100% wide and scales."""
    # a list and a tuple of the same points are the same chart, so they hash alike
    same = [tuple(d) if isinstance(d, Sequence) and not isinstance(d, str) else d for d in drawn]
    uid = "cs-" + hashlib.sha256(repr((same, width, height)).encode("utf-8", "replace")).hexdigest()[:10]
    size = f'width="{width}" {fixed}' if fixed else 'width="100%"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" {size} role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="arial, sans-serif" font-size="{FONT}" '
        f'class="cs-chart"><title id="{uid}-title">{_esc(title)}</title>'
        f'<desc id="{uid}-desc">{_esc(desc)}</desc>'
    )


def _esc(text: str) -> str:
    return escape(_NOT_XML.sub("", text), quote=True)


def _n(x: float) -> str:
    return f"{round(x, 2) + 0.0:.2f}".rstrip("0").rstrip(".")


def _el(tag: str, markup: str = "", /, **attrs: str | float) -> str:
    """An element around escaped ``markup``; ``class_`` is ``class``, ``_`` is ``-``, "" is left out."""
    shown = {k.rstrip("_").replace("_", "-"): v if isinstance(v, str) else _n(v) for k, v in attrs.items()}
    pairs = "".join(f' {k}="{_esc(v)}"' for k, v in shown.items() if v)
    return f"<{tag}{pairs}>{markup}</{tag}>" if markup else f"<{tag}{pairs}/>"


def _text(text: str, x: float, y: float, anchor: str = "start", cls: str = "", **more: str | float) -> str:
    return _el("text", _esc(text), class_=cls, x=x, y=y, text_anchor=anchor, **({"fill": TEXT} | more))


def _rect(x: float, y: float, w: float, h: float, fill: str, alpha: float = 1, cls: str = "") -> str:
    return _el("rect", class_=cls, x=x, y=y, width=w, height=h, fill=fill, fill_opacity=alpha)


def _hline(x1: float, x2: float, y: float, ink: str, w: float, dash: str = "", cls: str = "") -> str:
    """A line across the plot: a grid line, the axis, a reference line or a limit."""
    return _el(
        "line", class_=cls, x1=x1, y1=y, x2=x2, y2=y, stroke=ink, stroke_width=w, stroke_dasharray=dash
    )
