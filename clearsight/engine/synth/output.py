"""What every writer shares: child IDs, codes as a year's format spells them, year bounds, CSV.

Formats change by collection year: sex is 1/2 until 2023-24 and M/F/U from 2024-25 (903 SEX,
CIN ``GenderCurrent`` → ``Sex``); the 903 gains SWEpisodes in 2023-24. Writers ask the context
rather than testing years themselves.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from .authorities import Authority
from .days import Calendar, Days, age_on, day
from .population import People, upn

Ints = npt.NDArray[np.int64]
Objects = npt.NDArray[np.object_]
SEX_LETTERS_FROM = 2025  # collection year 2024-25
SW_EPISODES_FROM = 2024  # collection year 2023-24
H5_REGISTERED_FROM = 2024  # supported accommodation registered with Ofsted from 28 October 2023
# PrevPerm began in 2016-17; it is written for earlier years too, because the only DfE rule packs
# (2022-23 on) expect it for every child starting care (rule 630) and readers ignore it.
PREV_PERM_FROM = 2000


@dataclass(frozen=True)
class Year:
    """A collection year: ``year`` ends on 31 March of that year (2018 is 2017-18)."""

    year: int

    @property
    def start(self) -> int:
        return day(date(self.year - 1, 4, 1))

    @property
    def end(self) -> int:
        return day(date(self.year, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"


@dataclass
class Context:
    authority: Authority
    cal: Calendar
    id_width: int

    @property
    def all_postcodes(self) -> Objects:
        return np.array(("",) + self.authority.postcodes + self.authority.neighbour_postcodes(), dtype=object)

    def child_ids(self, people: People) -> Objects:
        numbers = np.char.zfill(people.number.astype(str), self.id_width)
        return np.char.add(self.authority.prefix, numbers).astype(object)

    def postcode(self, index: Ints) -> Objects:
        return self.all_postcodes[np.asarray(index) + 1]

    def sex(self, female: npt.NDArray[np.bool_], year: Year) -> Objects:
        if year.year >= SEX_LETTERS_FROM:
            return np.where(female, "F", "M").astype(object)
        return np.where(female, "2", "1").astype(object)

    def upns(self, people: People, rows: Ints, year: Year) -> Objects:
        """UPN for children 5 or over at the year's end; UN1 (not yet allocated) below."""
        dob = people.dob[rows]
        codes = upn(people.number[rows], dob, self.authority.dfe_number)
        return np.where(age_on(dob, year.end) >= 5, codes, "UN1").astype(object)


class CsvTable:
    """A CSV file written in pieces: header once, then rows per chunk (already sorted)."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self.rows = 0
        self._file: IO[str] = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file, lineterminator="\n")
        self._writer.writerow(columns)

    def write(self, data: dict[str, Any]) -> None:
        cols = [np.asarray(data[c], dtype=object) for c in self.columns]
        if not len(cols[0]):
            return
        self._writer.writerows(zip(*cols, strict=True))
        self.rows += len(cols[0])

    def close(self) -> None:
        self._file.close()


def in_year(start: Days, end: Days, year: Year) -> npt.NDArray[np.bool_]:
    """Open at some time in the year: started by its end and not ended before its start."""
    return (start <= year.end) & (end >= year.start)


def blank_after(values: Days, year: Year) -> Days:
    """A date after the year's end is not known yet in that year's return."""
    from .days import NA

    return np.where(values > year.end, NA, values)
