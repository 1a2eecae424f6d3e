"""Threshold bands as councils write them: read, lint and grade.

A measure's thresholds are three texts, one per grade: Requires Improvement | Good | Outstanding
(Sefton: ``65-79 | 80-89 | 90-100``). Inadequate is implicit: everything on the worse side of
Requires Improvement. ``parse_thresholds`` turns the texts into a graded scale; ``grade`` places a
value on it. Nothing is guessed silently: whatever cannot be read, or is read generously, comes
back as a ``Lint`` with a code and a message that names the band. The rules, with worked examples
from the seeds, are in ``docs/thresholds.md``; in short:

Reading
    ``65-79``, ``65 - 79``, ``65–79``, ``65 to 79``, ``65%-79%``, ``2.5-3.9``; ``85+``, ``>=85``,
    ``≥85``, ``85 and above``, ``85 or more``; ``>24``; ``<14``; ``<=14``, ``≤14``, ``14 and
    below``, ``14 or less``; a lone number ``100``. A range written high to low (``25-20``) is the
    same interval as ``20-25``. ``Increase`` / ``Decrease`` give a direction, not a band. A blank
    is an absent band. Anything else is ``unparseable``: kept verbatim in the lint, treated as blank.

Polarity (is higher or lower better?)
    An explicit ``polarity`` wins. Otherwise every pair of bands of different grades votes by
    position (a range's midpoint, an open band's bound): the better grade sitting higher is a vote
    for "higher". The majority wins; dissenting pairs are a ``direction_conflict``. With no
    majority (one band, or a tie) open ends decide (``85+`` on the best band: higher), then a range
    written high to low (``25-21``: lower, as in every such range in the Sefton seed), then the
    default: higher is better.

Whole numbers
    When every bound in the set is a whole number, a value between two whole numbers belongs to
    the worse of the bands around it: ``65-79 | 80-89`` puts 79.5 in 65-79, and on a lower-is-better
    scale ``20-24 | 19-16`` puts 19.5 in 20-24. So on a higher scale ``a-b`` covers [a, b+1), on a
    lower scale (a-1, b]. Decimal bands are used as written, inclusive at both ends.

The ladder
    Each grade starts where its band starts on its worse edge and runs until the next better grade
    starts. So a value in a gap gets the worse neighbour (``65-74 | 75-80 | 85+``: 82 is Good), a
    value in an overlap the better band (``65-75 | 75-84 | 85+``: 75 is Good), and grading is
    monotone. Below the worst band is Inadequate. Beyond the best band: Outstanding if that band
    is Outstanding (nothing is better), otherwise Ungraded (the plan does not say) — which is the
    one-band rule: ``25-21`` alone grades 21-25 Requires Improvement, above 25 Inadequate, 20 and
    below Ungraded.

Open ends pointing the wrong way
    An open band pointing to the worse side while a worse band exists (Sefton's NFA
    ``40-50 | 49-25 | >24``, lower is better) is read in the polarity's direction keeping its
    number: ``>24`` becomes 24 and below (``direction_conflict``).

Direction only
    ``Increase`` (or ``Decrease``) and no numeric band: polarity ``direction``; a value is
    Improving / No change / Worsening against the previous period, Ungraded without one.

``Thresholds.bands`` is the scale exactly as graded, worst to best (Inadequate, Requires
Improvement, Good, Outstanding; only grades with a non-empty region), so ``grade`` is a lookup
in it. Values outside every band are Ungraded.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction
from itertools import combinations


class ThresholdError(ValueError):
    """A programmer error: an unknown polarity, or a value that is not a finite number."""


class Grade(StrEnum):
    INADEQUATE = "Inadequate"
    REQUIRES_IMPROVEMENT = "Requires Improvement"
    GOOD = "Good"
    OUTSTANDING = "Outstanding"
    UNGRADED = "Ungraded"  # beyond a best band that is not Outstanding, or no band at all
    IMPROVING = "Improving"  # direction-only measures, against the previous period
    NO_CHANGE = "No change"
    WORSENING = "Worsening"


# The graded positions in the order a plan writes them.
BAND_GRADES: tuple[Grade, Grade, Grade] = (Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING)
_RANK = {Grade.INADEQUATE: 0, Grade.REQUIRES_IMPROVEMENT: 1, Grade.GOOD: 2, Grade.OUTSTANDING: 3}


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    DIRECTION = "direction"  # no bands, only "Increase" or "Decrease"


class Direction(StrEnum):
    INCREASE = "Increase"
    DECREASE = "Decrease"


class LintCode(StrEnum):
    GAP = "gap"
    OVERLAP = "overlap"
    DIRECTION_CONFLICT = "direction_conflict"
    SINGLE_BAND = "single_band"
    DIRECTION_ONLY = "direction_only"
    UNPARSEABLE = "unparseable"


@dataclass(frozen=True)
class Lint:
    """Something odd about a set of bands, for a performance manager to check."""

    code: LintCode
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "message": self.message}


@dataclass(frozen=True)
class Band:
    """One grade's region of the scale, as graded. ``None`` is an open end (never inclusive).

    ``text`` is the band as written in the plan; empty for the implicit Inadequate.
    """

    grade: Grade
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    text: str = ""

    def contains(self, value: float) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive))
        )

    def describe(self) -> str:
        return describe_range(self.low, self.high, self.low_inclusive, self.high_inclusive)

    def as_dict(self) -> dict[str, object]:
        return {
            "grade": str(self.grade),
            "low": _json_number(self.low),
            "high": _json_number(self.high),
            "low_inclusive": self.low_inclusive,
            "high_inclusive": self.high_inclusive,
        }


@dataclass(frozen=True)
class Thresholds:
    """A measure's bands, read: the polarity, the scale as graded, and what was odd about them."""

    polarity: Polarity
    bands: tuple[Band, ...]
    warnings: tuple[Lint, ...]
    texts: tuple[str, str, str]  # RI | Good | Outstanding, as written (stripped)
    direction: Direction | None = None  # set when polarity is DIRECTION
    polarity_reason: str = ""  # how the polarity was decided, in words


class _Lints(list[Lint]):
    def add(self, code: LintCode, message: str) -> None:
        self.append(Lint(code, message))


# --- reading one band's text -------------------------------------------------------------------

# ASCII digits only, and bounded so that every number converts to a finite float.
_N = r"([0-9]{1,15}(?:\.[0-9]{1,9})?|\.[0-9]{1,9})"
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.ASCII), kind)
    for pattern, kind in (
        (rf"^{_N} ?(?:-|to) ?{_N}$", "range"),
        (
            rf"^(?:{_N} ?\+|(?:>=|at least|min|minimum) ?{_N}|{_N} (?:and|or) (?:above|more|over|higher|greater))$",
            "at_least",
        ),
        (rf"^(?:>|more than|over|above|greater than) ?{_N}$", "above"),
        (rf"^(?:<|less than|under|below|fewer than) ?{_N}$", "below"),
        (
            rf"^(?:(?:<=|at most|up to|max|maximum) ?{_N}|{_N} (?:and|or) (?:below|less|under|lower|fewer))$",
            "at_most",
        ),
        (rf"^{_N}$", "exact"),
    )
)
_WORDS = {
    Direction.INCREASE: re.compile(r"^increas(?:e|es|ed|ing)$"),
    Direction.DECREASE: re.compile(r"^(?:decreas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing|tion))$"),
}
_DASHES = str.maketrans(
    {"–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-", "≥": ">=", "≤": "<=", "%": " "}
)


@dataclass(frozen=True)
class _Written:
    """A numeric band as written: a real interval (``None`` = open end)."""

    grade: Grade
    text: str
    lo: Fraction | None
    hi: Fraction | None
    lo_closed: bool
    hi_closed: bool
    descending: bool  # a range written high to low, like 25-20
    decimals: int  # the most decimal places written in it

    @property
    def name(self) -> str:
        return f"{self.grade} '{self.text}'"

    def anchor(self) -> Fraction:
        """Where the band sits, for comparing positions: a range's middle, an open band's bound."""
        if self.lo is not None and self.hi is not None:
            return (self.lo + self.hi) / 2
        bound = self.lo if self.lo is not None else self.hi
        assert bound is not None  # the reader never makes a band open at both ends
        return bound


class _Unreadable(Exception):
    pass


def _normalise(text: str) -> str:
    text = " ".join(text.translate(_DASHES).lower().split())
    text = re.sub(r"([<>=]) ?= ?", lambda m: m.group(1) + "=", text)  # "> =", ">= " …
    text = text.replace("=>", ">=").replace("=<", "<=")
    return re.sub(r"([0-9]),([0-9]{3})\b", r"\1\2", text)  # 1,000


def _read(text: str, grade: Grade) -> _Written | Direction:
    """Read one non-blank band text, or raise ``_Unreadable``."""
    norm = _normalise(text)
    for direction, word in _WORDS.items():
        if word.match(norm):
            return direction
    for pattern, kind in _FORMS:
        match = pattern.match(norm)
        if not match:
            continue
        raw = [g for g in match.groups() if g is not None]
        nums = [Fraction(g) for g in raw]
        decimals = max(len(g.partition(".")[2]) for g in raw)
        first = nums[0]
        if kind == "range":
            lo, hi = sorted(nums)
            return _Written(grade, text, lo, hi, True, True, nums[0] > nums[1], decimals)
        if kind == "exact":
            return _Written(grade, text, first, first, True, True, False, decimals)
        if kind in ("at_least", "above"):
            return _Written(grade, text, first, None, kind == "at_least", False, False, decimals)
        return _Written(grade, text, None, first, False, kind == "at_most", False, decimals)
    raise _Unreadable(text)


# --- the scale in the "better is higher" frame -------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """An interval in the frame where better is higher (values negated for lower-is-better)."""

    lo: Fraction | None  # None: -infinity
    lo_closed: bool
    hi: Fraction | None  # None: +infinity
    hi_closed: bool

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))


def _neg(x: Fraction | None) -> Fraction | None:
    return None if x is None else -x


def _to_frame(w: _Written, polarity: Polarity) -> _Span:
    if polarity is Polarity.HIGHER:
        return _Span(w.lo, w.lo_closed, w.hi, w.hi_closed)
    return _Span(_neg(w.hi), w.hi_closed, _neg(w.lo), w.lo_closed)


def _to_real(s: _Span, polarity: Polarity) -> _Span:
    if polarity is Polarity.HIGHER:
        return s
    return _Span(_neg(s.hi), s.hi_closed, _neg(s.lo), s.lo_closed)


def _start_key(s: _Span) -> tuple[int, Fraction, int]:
    """Order spans by where they start (their worse edge)."""
    if s.lo is None:
        return (0, Fraction(0), 0)
    return (1, s.lo, 0 if s.lo_closed else 1)


def _intersection(a: _Span, b: _Span) -> _Span:
    lo_from = max((a, b), key=_start_key)
    if a.hi is None:
        hi_from = b
    elif b.hi is None:
        hi_from = a
    else:
        hi_from = min((a, b), key=lambda s: (s.hi, 1 if s.hi_closed else 0))
    return _Span(lo_from.lo, lo_from.lo_closed, hi_from.hi, hi_from.hi_closed)


# --- polarity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inference:
    polarity: Polarity | None  # None: the bands cannot tell
    decisive: bool  # from the bands' positions or open ends (not a weak hint)
    reason: str
    dissent: tuple[tuple[_Written, _Written], ...] = ()  # (worse, better) pairs voting the other way
    tied: bool = False


def _infer_polarity(written: Sequence[_Written]) -> _Inference:
    up: list[tuple[_Written, _Written]] = []
    down: list[tuple[_Written, _Written]] = []
    for a, b in combinations(written, 2):
        worse, better = sorted((a, b), key=lambda w: _RANK[w.grade])
        if worse.anchor() < better.anchor():
            up.append((worse, better))
        elif worse.anchor() > better.anchor():
            down.append((worse, better))
    if len(up) != len(down):
        polarity = Polarity.HIGHER if len(up) > len(down) else Polarity.LOWER
        return _Inference(
            polarity, True, "inferred from the order of the bands", tuple(down if len(up) > len(down) else up)
        )
    tied = bool(up)
    best = max(written, key=lambda w: _RANK[w.grade])
    worst = min(written, key=lambda w: _RANK[w.grade])
    score = 0
    for w in written:
        if w.lo is not None and w.hi is not None:
            continue
        opens_up = w.hi is None
        if w is best:
            score += 1 if opens_up else -1
        elif w is worst:
            score += -1 if opens_up else 1
    if score:
        polarity = Polarity.HIGHER if score > 0 else Polarity.LOWER
        return _Inference(polarity, True, "inferred from the open end of the bands", tied=tied)
    if any(w.descending for w in written):
        return _Inference(Polarity.LOWER, False, "assumed because a range is written high to low", tied=tied)
    return _Inference(None, False, "", tied=tied)


def _better_words(polarity: Polarity) -> str:
    return "higher is better" if polarity is Polarity.HIGHER else "lower is better"


# --- building the thresholds -------------------------------------------------------------------


def _polarity_argument(polarity: str) -> Polarity | None:
    if polarity == "auto":
        return None
    if polarity in (Polarity.HIGHER, Polarity.LOWER):
        return Polarity(polarity)
    raise ThresholdError(f"polarity must be 'auto', 'higher' or 'lower', not {polarity!r}")


def parse_band_text(text: str, polarity: str = "auto") -> Thresholds:
    """Read ``"RI | GOOD | OUTSTANDING"``: up to three positions split on ``|``; missing ones blank."""
    if not isinstance(text, str):
        raise ThresholdError(f"band text must be a string, not {type(text).__name__}")
    parts = [p.strip() for p in text.split("|")]
    extra = [p for p in parts[3:] if p]
    parts = (parts + ["", "", ""])[:3]
    thresholds = parse_thresholds(parts[0], parts[1], parts[2], polarity)
    if not extra:
        return thresholds
    lints = [
        Lint(
            LintCode.UNPARSEABLE,
            f"Band '{p}' is beyond the three graded positions (Requires Improvement | Good | "
            "Outstanding), so it has no grade; it is ignored.",
        )
        for p in extra
    ]
    return replace(thresholds, warnings=tuple(lints) + thresholds.warnings)


def parse_thresholds(ri: str, good: str, outstanding: str, polarity: str = "auto") -> Thresholds:
    """Read the three band texts of a measure into a graded scale. Never raises on odd text.

    ``polarity`` is ``"auto"`` (infer it from the bands), ``"higher"`` or ``"lower"`` (an
    explicit choice, which wins). Raises ``ThresholdError`` for any other polarity.
    """
    if not all(isinstance(text, str) for text in (ri, good, outstanding)):
        raise ThresholdError("band texts must be strings (use '' for a blank band)")
    wanted = _polarity_argument(polarity)
    texts = (ri.strip(), good.strip(), outstanding.strip())
    lints = _Lints()
    written: list[_Written] = []
    words: list[tuple[Grade, str, Direction]] = []
    for grade_, text in zip(BAND_GRADES, texts, strict=True):
        if not text:
            continue
        try:
            item = _read(text, grade_)
        except _Unreadable:
            lints.add(
                LintCode.UNPARSEABLE,
                f"{grade_} band '{text}' could not be read, so it is treated as blank. "
                "Write it like 65-79, 85+, <14 or Increase.",
            )
            continue
        if isinstance(item, Direction):
            words.append((grade_, text, item))
        else:
            written.append(item)
    if not written:
        return _without_numbers(texts, words, wanted, lints)
    return _numeric(texts, written, words, wanted, lints)


def _without_numbers(
    texts: tuple[str, str, str],
    words: list[tuple[Grade, str, Direction]],
    wanted: Polarity | None,
    lints: _Lints,
) -> Thresholds:
    if not words:
        if not lints:
            lints.add(LintCode.UNPARSEABLE, "No bands were given, so every value is Ungraded.")
        chosen = wanted or Polarity.HIGHER
        reason = "as given" if wanted else "assumed (the default; no bands to infer it from)"
        return Thresholds(chosen, (), tuple(lints), texts, polarity_reason=reason)
    grade_, text, direction = words[0]
    if any(d is not direction for _, _, d in words):
        lints.add(
            LintCode.DIRECTION_CONFLICT,
            f"The bands say both Increase and Decrease; {grade_} '{text}' (the first) is used.",
        )
    reason = f"read from '{text}'"
    if wanted is not None:
        given = Direction.INCREASE if wanted is Polarity.HIGHER else Direction.DECREASE
        if given is not direction:
            lints.add(
                LintCode.DIRECTION_CONFLICT,
                f"{grade_} '{text}' says {direction}, but {_better_words(wanted)} was given; "
                f"the given polarity is used ({given}).",
            )
        direction, reason = given, "as given"
    lints.add(
        LintCode.DIRECTION_ONLY,
        f"{grade_} '{text}' gives a direction, not a band: a value is graded against the "
        f"previous period ({direction}: {'higher' if direction is Direction.INCREASE else 'lower'}"
        " is Improving); without a previous value it is Ungraded.",
    )
    return Thresholds(Polarity.DIRECTION, (), tuple(lints), texts, direction, reason)


def _numeric(
    texts: tuple[str, str, str],
    written: list[_Written],
    words: list[tuple[Grade, str, Direction]],
    wanted: Polarity | None,
    lints: _Lints,
) -> Thresholds:
    inferred = _infer_polarity(written)
    polarity, reason = _choose_polarity(inferred, words, wanted, lints)

    spans = _flip_wrong_way_ends(written, polarity, lints)
    integer = all(w.decimals == 0 for w in written)
    unit = Fraction(1, 10 ** max(w.decimals for w in written))
    _lint_overlaps(written, spans, polarity, lints)
    _lint_gaps(written, spans, polarity, unit, lints)
    if len(written) == 1:
        w = written[0]
        beyond = "Outstanding" if w.grade is Grade.OUTSTANDING else "Ungraded"
        how = "" if wanted is not None else f" {_better_words(polarity).capitalize()} was {reason}."
        if wanted is None and not inferred.decisive:
            how += " Give the polarity to be sure."
        lints.add(
            LintCode.SINGLE_BAND,
            f"Only one band is given ({w.name}): inside it is {w.grade}, worse values are "
            f"Inadequate and better values are {beyond}.{how}",
        )
    bands = _ladder(written, spans, polarity, integer)
    graded = {band.grade for band in bands}
    for w in written:
        if w.grade not in graded:
            lints.add(
                LintCode.OVERLAP,
                f"{w.name} is swallowed: a better band starts on its worse side, so no value "
                f"is graded {w.grade}.",
            )
    return Thresholds(polarity, bands, tuple(lints), texts, polarity_reason=reason)


def _choose_polarity(
    inferred: _Inference, words: list[tuple[Grade, str, Direction]], wanted: Polarity | None, lints: _Lints
) -> tuple[Polarity, str]:
    """The given polarity, else a direction word's, else the bands', else higher; with warnings."""
    for worse, better in inferred.dissent:
        lints.add(
            LintCode.DIRECTION_CONFLICT,
            f"{worse.name} and {better.name} are the other way round from the other bands; "
            f"read as {_better_words(inferred.polarity or Polarity.HIGHER)} (the majority).",
        )
    word_polarity: Polarity | None = None
    for grade_, text, direction in words:
        word_polarity = word_polarity or (
            Polarity.HIGHER if direction is Direction.INCREASE else Polarity.LOWER
        )
        lints.add(
            LintCode.DIRECTION_ONLY,
            f"{grade_} '{text}' is a direction, not a band: it is ignored as a band and "
            f"read as a hint that {_better_words(word_polarity)}.",
        )
    if wanted is not None or word_polarity is not None:
        polarity = wanted or word_polarity or Polarity.HIGHER
        source = "the given polarity" if wanted is not None else "the direction word"
        reason = "as given" if wanted is not None else "inferred from the direction word"
        if inferred.decisive and inferred.polarity is not polarity:
            lints.add(
                LintCode.DIRECTION_CONFLICT,
                f"The bands read as {_better_words(inferred.polarity or Polarity.HIGHER)} "
                f"({inferred.reason}), but {_better_words(polarity)} is used ({source}).",
            )
    elif inferred.polarity is not None:
        polarity, reason = inferred.polarity, inferred.reason
        if inferred.tied:
            lints.add(
                LintCode.DIRECTION_CONFLICT,
                f"The bands' order is contradictory; {_better_words(polarity)} was used ({reason}).",
            )
    else:
        polarity, reason = Polarity.HIGHER, "assumed (the default)"
        if inferred.tied:
            lints.add(
                LintCode.DIRECTION_CONFLICT,
                "The bands' order is contradictory; higher is better was used (the default).",
            )
    return polarity, reason


def _flip_wrong_way_ends(written: list[_Written], polarity: Polarity, lints: _Lints) -> list[_Span]:
    """Read an open band that points to the worse side (past a worse band) the polarity's way."""
    worst = min(_RANK[w.grade] for w in written)
    spans = []
    for w in written:
        span = _to_frame(w, polarity)
        wrong_way = span.lo is None and span.hi is not None
        if wrong_way and (_RANK[w.grade] != worst or len(written) == 1):
            span = _Span(span.hi, True, None, False)
            real = _to_real(span, polarity)
            lints.add(
                LintCode.DIRECTION_CONFLICT,
                f"{w.name} is open towards the worse side on a {_better_words(polarity)} scale; "
                f"it is read the other way, as {describe_range(*_floats(real))}.",
            )
        spans.append(span)
    return spans


def _lint_overlaps(written: list[_Written], spans: list[_Span], polarity: Polarity, lints: _Lints) -> None:
    pairs = sorted(zip(written, spans, strict=True), key=lambda p: _RANK[p[0].grade])
    for (a, sa), (b, sb) in combinations(pairs, 2):
        both = _intersection(sa, sb)
        if both.is_empty():
            continue
        real = _floats(_to_real(both, polarity))
        point = real[0] is not None and real[0] == real[1]
        what = f"the value {describe_range(*real)} is" if point else f"values {describe_range(*real)} are"
        lints.add(
            LintCode.OVERLAP,
            f"{a.name} and {b.name} overlap: {what} in both, and graded at least "
            f"{b.grade} (the better band).",
        )


def _lint_gaps(
    written: list[_Written], spans: list[_Span], polarity: Polarity, unit: Fraction, lints: _Lints
) -> None:
    """Flag numbers of the written precision (whole numbers, or tenths …) that no band covers."""
    pairs = sorted(zip(written, spans, strict=True), key=lambda p: _RANK[p[0].grade])
    for (a, sa), (b, sb) in zip(pairs, pairs[1:], strict=False):
        if sa.hi is None or sb.lo is None:
            continue
        first = sa.hi + unit if sa.hi_closed else sa.hi
        last = sb.lo - unit if sb.lo_closed else sb.lo
        if first > last:
            continue
        hole = _Span(first, True, last, True)
        if any(not _intersection(hole, s).is_empty() for _, s in pairs):
            continue  # another band covers part of it: a tangle the overlap lint reports
        if polarity is Polarity.LOWER:
            first, last = -last, -first
        what = _fmt(first) if first == last else f"{_fmt(first)} to {_fmt(last)}"
        lints.add(
            LintCode.GAP,
            f"Gap between {a.name} and {b.name}: no band covers {what}; a value there is "
            f"graded {a.grade} (the worse neighbour).",
        )


def _ladder(
    written: list[_Written], spans: list[_Span], polarity: Polarity, integer: bool
) -> tuple[Band, ...]:
    """Each grade runs from its band's worse edge to where the next better grade starts."""
    by_grade = sorted(zip(written, spans, strict=True), key=lambda p: _RANK[p[0].grade])
    regions: list[tuple[Grade, str, _Span]] = []
    lowest = min((s for _, s in by_grade), key=_start_key)
    if lowest.lo is not None:
        regions.append((Grade.INADEQUATE, "", _Span(None, False, lowest.lo, not lowest.lo_closed)))
    for i, (w, span) in enumerate(by_grade):
        better = [s for _, s in by_grade[i + 1 :]]
        if better:
            nxt = min(better, key=_start_key)
            end_at, end_closed = nxt.lo, not nxt.lo_closed
            if nxt.lo is None:
                continue  # a better grade starts at -infinity: this one is empty
        elif w.grade is Grade.OUTSTANDING or span.hi is None:
            end_at, end_closed = None, False
        elif integer and span.hi_closed:
            end_at, end_closed = span.hi + 1, False  # whole-number contiguity on the better side
        else:
            end_at, end_closed = span.hi, span.hi_closed
        region = _Span(span.lo, span.lo_closed, end_at, end_closed)
        if not region.is_empty():
            regions.append((w.grade, w.text, region))
    bands = []
    for grade_, text, region in regions:
        low, high, low_inc, high_inc = _floats(_to_real(region, polarity))
        bands.append(Band(grade_, low, high, low_inc, high_inc, text))
    return tuple(bands)


def _floats(s: _Span) -> tuple[float | None, float | None, bool, bool]:
    return (
        None if s.lo is None else float(s.lo),
        None if s.hi is None else float(s.hi),
        s.lo_closed and s.lo is not None,
        s.hi_closed and s.hi is not None,
    )


# --- grading and output ------------------------------------------------------------------------


def _finite(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ThresholdError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def grade(thresholds: Thresholds, value: float, previous: float | None = None) -> Grade:
    """The grade of ``value``. ``previous`` matters only for direction-only measures.

    Raises ``ThresholdError`` if ``value`` (or a given ``previous``) is not a finite number.
    """
    value = _finite(value, "value")
    if thresholds.polarity is Polarity.DIRECTION:
        if previous is None:
            return Grade.UNGRADED
        previous = _finite(previous, "previous")
        if value == previous:
            return Grade.NO_CHANGE
        up = value > previous
        return Grade.IMPROVING if up == (thresholds.direction is Direction.INCREASE) else Grade.WORSENING
    for band in thresholds.bands:
        if band.contains(value):
            return band.grade
    return Grade.UNGRADED


def to_json(
    thresholds: Thresholds, values: Iterable[float] = (), previous: float | None = None
) -> dict[str, object]:
    """The ``clearsight thresholds --json`` contract: polarity, bands, warnings and grades."""
    return {
        "polarity": str(thresholds.polarity),
        "bands": [band.as_dict() for band in thresholds.bands],
        "warnings": [lint.as_dict() for lint in thresholds.warnings],
        "grades": [{"value": float(v), "grade": str(grade(thresholds, v, previous))} for v in values],
    }


def _json_number(x: float | None) -> int | float | None:
    """Whole numbers as ints (65, not 65.0), others as floats, open ends as None."""
    if x is not None and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def _fmt(x: Fraction | float) -> str:
    if isinstance(x, Fraction):
        x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def describe_range(low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool) -> str:
    """A range in words: '65 to below 80', 'above 19 to 24', '85 and above', 'below 14'."""
    if low is None and high is None:
        return "any value"
    if low is None:
        assert high is not None
        return f"{_fmt(high)} and below" if high_inclusive else f"below {_fmt(high)}"
    if high is None:
        return f"{_fmt(low)} and above" if low_inclusive else f"above {_fmt(low)}"
    if low == high:
        return _fmt(low)
    start = _fmt(low) if low_inclusive else f"above {_fmt(low)}"
    end = _fmt(high) if high_inclusive else f"below {_fmt(high)}"
    return f"{start} to {end}"
