"""Splitting an action's text into its introduction and numbered sub-steps, for display.

Plans write steps as ``1) …  2) …``, ``1. …`` or ``(i) …``. The text itself is stored exactly as
written; this only shapes it for reading.
"""

from __future__ import annotations

import re

# A step marker: "1)", "1.", "(1)", "(i)", at the start or after whitespace, followed by a space.
_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\((?:\d{1,2}|[ivx]{1,4})\)|\d{1,2}[).])\s+")


def split_steps(text: str) -> tuple[str, list[str]]:
    """Return (introduction, steps). With fewer than two markers, the whole text is the intro."""
    matches = list(_MARKER.finditer(text))
    numbered = [m for m in matches if _number(m.group(0)) is not None]
    # Only a run that counts 1, 2, 3 … is a list of steps; "within 5 days." is not step 5.
    run: list[re.Match[str]] = []
    for match in numbered:
        if _number(match.group(0)) == len(run) + 1:
            run.append(match)
    if len(run) < 2:
        return text.strip(), []
    intro = text[: run[0].start()].strip().rstrip(":").strip()
    steps = []
    for i, match in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(text)
        steps.append(" ".join(text[match.end() : end].split()))
    return intro, steps


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def _number(marker: str) -> int | None:
    core = marker.strip().strip("().")
    if core.isdigit():
        return int(core)
    return _ROMAN.get(core)
