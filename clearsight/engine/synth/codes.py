"""The DfE code sets the generator draws from, with the shares it draws them in.

Shares are rounded national figures for children in need and looked after (DfE statistical
releases, 2017-2019) where they are published, and plausible guesses otherwise; they only
need to look like a council's data, not to reproduce one. Codes are the ones the DfE validators
accept (``csc-validator-be-903`` / ``-cin``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Picks = npt.NDArray[np.int64]


class CodeSet:
    """Codes with weights; ``draw`` returns indices, ``codes[index]`` the code."""

    def __init__(self, weighted: dict[str, float]) -> None:
        self.codes = np.array(list(weighted), dtype=object)
        weights = np.array(list(weighted.values()), dtype=np.float64)
        self.cumulative = np.cumsum(weights / weights.sum())
        self.cumulative[-1] = 1.0

    def draw(self, rng: np.random.Generator, n: int) -> Picks:
        return np.searchsorted(self.cumulative, rng.random(n), side="right").astype(np.int64)

    def index(self, code: str) -> int:
        return int(np.flatnonzero(self.codes == code)[0])


ETHNICITY = CodeSet({
    "WBRI": 74.0, "WIRI": 0.5, "WOTH": 4.5, "WIRT": 0.2, "WROM": 0.6, "MWBC": 2.6, "MWBA": 0.9,
    "MWAS": 1.0, "MOTH": 2.4, "AIND": 1.4, "APKN": 2.4, "ABAN": 1.0, "AOTH": 1.4, "BCRB": 1.0,
    "BAFR": 3.2, "BOTH": 1.0, "CHNE": 0.2, "OOTH": 1.6, "REFU": 0.3, "NOBT": 0.3,
})
# CIN census referral sources (police, schools, health … anonymous).
REFERRAL_SOURCE = CodeSet({
    "1A": 3.0, "1B": 1.0, "1C": 4.0, "1D": 1.5, "2A": 6.0, "2B": 3.0, "3A": 18.0, "3B": 1.5,
    "3C": 1.0, "3D": 2.0, "3E": 1.0, "3F": 4.0, "4": 0.5, "5A": 5.0, "5B": 7.0, "5C": 2.5,
    "5D": 1.0, "6": 1.0, "7": 2.0, "8": 1.0, "9": 28.0, "10": 5.0,
})
PRIMARY_NEED = CodeSet({
    "N1": 52.0, "N2": 9.0, "N3": 4.0, "N4": 8.0, "N5": 15.0, "N6": 2.0, "N7": 0.5, "N8": 2.5,
    "N9": 2.0,
})
# Factors identified at assessment (a few per assessment; 21 = no factors, alone).
FACTORS = CodeSet({
    "1B": 5.0, "2B": 6.0, "3A": 8.0, "3B": 20.0, "4A": 5.0, "4B": 14.0, "5A": 2.0, "5B": 1.5,
    "6A": 1.5, "7A": 1.0, "10A": 2.0, "11A": 2.5, "14A": 2.0, "15A": 2.0, "16A": 5.0,
    "17A": 6.0, "18B": 2.0, "19B": 3.0, "22A": 0.5,
})
ABUSE_CATEGORY = CodeSet({"NEG": 48.0, "EMO": 35.0, "PHY": 7.5, "SAB": 4.0, "MUL": 5.5})
DISABILITY = CodeSet({
    "MOB": 1.0, "HAND": 0.6, "PC": 1.4, "INC": 0.8, "COMM": 2.2, "LD": 3.0, "HEAR": 0.6,
    "VIS": 0.5, "BEH": 2.5, "CON": 1.2, "AUT": 3.5, "DDA": 1.0,
})
# 903 category of need, for a child entering care.
CLA_NEED = CodeSet({"N1": 63.0, "N2": 3.0, "N3": 3.0, "N4": 8.0, "N5": 14.0, "N6": 1.5, "N8": 7.5})
REASON_PLACE_CHANGE = CodeSet({
    "CARPL": 30.0, "CHILD": 14.0, "LAREQ": 16.0, "PLACE": 14.0, "CREQB": 6.0, "CREQO": 8.0,
    "STAND": 3.0, "APPRR": 2.0, "ALLEG": 2.0, "CLOSE": 1.0, "OTHER": 4.0,
})
REVIEW_PARTICIPATION = CodeSet({
    "PN1": 48.0, "PN2": 14.0, "PN3": 12.0, "PN4": 8.0, "PN5": 8.0, "PN6": 3.0, "PN7": 7.0,
})
CONTACT_OUTCOME = CodeSet({
    "Information and advice": 30.0, "Early help": 18.0, "No further action": 37.0,
    "Referred to other agency": 15.0,
})
# OC3 activity: in education, employment or training (F/P), or not (G).
ACTIVITY_EET = CodeSet({"F1": 7.0, "P1": 1.0, "F2": 30.0, "P2": 6.0, "F4": 20.0, "P4": 8.0, "F5": 3.0,
                        "P5": 2.0})
ACTIVITY_NEET = CodeSet({"G4": 28.0, "G5": 60.0, "G6": 12.0})
# OC3 accommodation: the letter is the kind of place, the digit 1 suitable / 2 unsuitable.
# Z (with former foster carers, "staying put") is drawn only from 18: never at 17 (rule 3001).
ACCOMMODATION = CodeSet({"B": 14.0, "C": 3.0, "D": 22.0, "E": 8.0, "G": 3.0, "H": 4.0, "K": 30.0,
                         "T": 1.0, "U": 2.0, "W": 1.0, "Z": 12.0})
MISSING_TYPE = CodeSet({"M": 80.0, "A": 20.0})
# Why a child's social worker changed (SWEpisodes, 2023-24 on).
SW_CHANGE_REASON = CodeSet({
    "MANAGE": 35.0, "LEFTRL": 25.0, "ORGRST": 8.0, "TSPROC": 12.0, "ABSENC": 6.0, "CHCHAN": 3.0,
    "PCCHAN": 3.0, "OTHERS": 8.0,
})
