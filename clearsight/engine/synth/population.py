"""The pool of children: who they are (birth, sex, ethnicity, UPN …) and how likely to need help.

The pool holds everyone aged 0-17 at some time in the years generated, plus the young people
who will be care leavers (up to 21) in them, so ``children`` (aged 0-17 at any one time) needs
a pool about (22 + years) / 18 times as big. Births are spread evenly; migration is ignored.
A child's number in the pool is their identity in every year's files: ``SEF0001234``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import codes
from .days import NA, Days, birthday

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

# Heterogeneity of need: a child's referral hazard is the base rate times a Gamma(k, 1/k) draw.
# A small k concentrates referrals on few families, which is what makes re-referrals common.
RISK_SHAPE = 0.3
UASC_SHARE = 0.004  # of each birth cohort: arrives as an unaccompanied asylum-seeking child at 14-17
MOTHER_SHARE = 0.03  # of girls looked after as teenagers: has a child before 18
DISABLED_SHARE = 0.09
UPN_FROM_AGE = 5


@dataclass
class People:
    """One chunk of the pool, as parallel arrays (row i is one child)."""

    number: Ints  # position in the pool: the LA child ID is prefix + zero-padded number
    dob: Days
    female: Flags
    ethnicity: Ints  # index into codes.ETHNICITY
    disability: Ints  # index into codes.DISABILITY, -1 none
    disability2: Ints  # a second disability, -1 none
    risk: Floats  # mean 1
    uasc_arrival: Days  # NA unless the child arrives as an unaccompanied asylum seeker
    home_postcode: Ints  # index into the authority's postcodes, -1 none (UASC)
    first_child_born: Days  # NA unless a young mother: date her first child was born

    def __len__(self) -> int:
        return len(self.number)


def pool_size(children: int, years: int) -> int:
    return int(np.ceil(children * (22 + years) / 18))


def make_people(
    rng: np.random.Generator,
    first: int,
    count: int,
    dob_from: int,
    dob_to: int,
    white_british: float,
    postcodes: int,
) -> People:
    """``count`` children numbered from ``first``, born evenly between ``dob_from`` and ``dob_to``."""
    dob = rng.integers(dob_from, dob_to + 1, size=count).astype(np.int64)
    female = rng.random(count) < 0.488
    ethnicity = _ethnicity(rng, count, white_british)
    disabled = rng.random(count) < DISABLED_SHARE
    disability = np.where(disabled, codes.DISABILITY.draw(rng, count), -1)
    second = np.where(disabled & (rng.random(count) < 0.3), codes.DISABILITY.draw(rng, count), -1)
    second = np.where(second == disability, -1, second)
    risk = rng.gamma(RISK_SHAPE, 1.0 / RISK_SHAPE, size=count)
    uasc = rng.random(count) < UASC_SHARE
    arrival_age_days = rng.integers(int(14.5 * 365), int(17.6 * 365), size=count)
    uasc_arrival = np.where(uasc, dob + arrival_age_days, NA)
    # asylum seekers are mostly boys from a few regions of the world
    female = np.where(uasc, rng.random(count) < 0.08, female)
    uasc_ethnicity = np.array([codes.ETHNICITY.index(c) for c in ("AOTH", "BAFR", "OOTH", "MOTH", "WOTH")])
    ethnicity = np.where(uasc, uasc_ethnicity[rng.integers(0, 5, size=count)], ethnicity)
    home = np.where(uasc, -1, rng.integers(0, postcodes, size=count))
    mother = female & (rng.random(count) < MOTHER_SHARE)
    mother_age_days = rng.integers(int(14.5 * 365), int(17.9 * 365), size=count)
    first_child = np.where(mother, dob + mother_age_days, NA)
    return People(
        number=np.arange(first, first + count, dtype=np.int64),
        dob=dob,
        female=female,
        ethnicity=ethnicity.astype(np.int64),
        disability=disability.astype(np.int64),
        disability2=second.astype(np.int64),
        risk=risk,
        uasc_arrival=uasc_arrival.astype(np.int64),
        home_postcode=home.astype(np.int64),
        first_child_born=first_child.astype(np.int64),
    )


def _ethnicity(rng: np.random.Generator, count: int, white_british: float) -> Ints:
    """National mix of children in need, with the authority's share of White British children."""
    others = codes.ETHNICITY.draw(rng, count)
    wbri = codes.ETHNICITY.index("WBRI")
    # redraw the non-WBRI mix so that WBRI has exactly the authority's share
    while True:
        clash = others == wbri
        if not clash.any():
            break
        others[clash] = codes.ETHNICITY.draw(rng, int(clash.sum()))
    return np.where(rng.random(count) < white_british, wbri, others).astype(np.int64)


def children_aged_0_17(dob: Days, on: int) -> int:
    """How many of these children are aged 0-17 on the day ``on``."""
    born = dob <= on
    return int(np.count_nonzero(born & (birthday(dob, 18) > on)))


def upn(number: Ints, dob: Days, la_number: str) -> npt.NDArray[np.object_]:
    """A valid, unique Unique Pupil Number per child: check letter, LA, school, year, serial.

    The check letter is the DfE's: digits 2-13 weighted 2-13, summed, modulo 23, mapped to
    ABCDEFGHJKLMNPQRTUVWXYZ. The school and serial come from the child's number, so every child
    keeps one UPN for life and no two children share one (for pools up to 9 million).
    """
    school = 2000 + (number // 1000) % 8000
    serial = number % 1000
    year = (dob.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970 + 5) % 100
    body = np.char.add(
        np.char.add(np.char.add(la_number, school.astype(str)), np.char.zfill(year.astype(str), 2)),
        np.char.zfill(serial.astype(str), 3),
    )
    as_bytes = np.frombuffer(np.char.encode(body, "ascii").tobytes(), dtype=np.uint8)
    matrix = (as_bytes.reshape(len(body), 12) - ord("0")).astype(np.int64)
    checksum = (matrix * np.arange(2, 14, dtype=np.int64)).sum(axis=1) % 23
    letters = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"), dtype=object)
    return np.array([f"{a}{b}" for a, b in zip(letters[checksum], body.tolist(), strict=True)], dtype=object)
