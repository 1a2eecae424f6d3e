"""A reading age for plain-English text, for the children and young people's plan.

The Flesch-Kincaid grade (a US school grade, from words per sentence and syllables per word) plus
five is the usual UK reading age. It is an estimate: short sentences and short words lower it, and
it says nothing about whether the words are kind or clear. The target is a reading age of 11 or
below, the age at which children start secondary school.

Words are counted by ``textstat``; syllables by the British English hyphenation dictionary that
textstat itself falls back on (``pyphen``), because textstat's first choice, NLTK's CMU
dictionary, is a separate download a council's server may not be allowed to make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyphen
import textstat

TARGET_READING_AGE = 11
_YEARS_ADDED_TO_GRADE = 5
_SENTENCE_END = re.compile(r"[.!?]+(\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_HYPHENATOR = pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    """Syllables in one word: hyphenation points plus one (the same rule textstat falls back on)."""
    return len(_HYPHENATOR.positions(word.lower())) + 1


@dataclass(frozen=True)
class Readability:
    reading_age: float | None  # None: no words to measure
    words: int
    sentences: int
    target: int = TARGET_READING_AGE

    @property
    def on_target(self) -> bool:
        return self.reading_age is not None and self.reading_age <= self.target

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def verdict(self) -> str:
        if self.reading_age is None:
            return "No text to check yet."
        age = f"Reading age about {self.reading_age:.1f}"
        if self.on_target:
            return f"{age}: on target ({self.target} or below)."
        return (
            f"{age}: above the target of {self.target}. Try shorter sentences "
            f"(now {self.words_per_sentence:.0f} words each) and shorter, everyday words."
        )


def reading_age(text: str) -> Readability:
    """The estimated reading age of ``text``, never below 5 (the start of school)."""
    cleaned = " ".join(text.split())
    found = _WORD.findall(cleaned)
    words = int(textstat.lexicon_count(cleaned)) if found else 0
    if not words:
        return Readability(None, 0, 0)
    sentences = max(1, len(_SENTENCE_END.findall(cleaned)))
    per_word = sum(syllables(w) for w in found) / len(found)
    # Flesch-Kincaid grade level (Kincaid et al. 1975).
    grade = 0.39 * (words / sentences) + 11.8 * per_word - 15.59
    return Readability(round(max(5.0, grade + _YEARS_ADDED_TO_GRADE), 1), words, sentences)
