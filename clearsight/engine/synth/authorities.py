"""The local authorities the generator knows: codes for files, a prefix for child IDs, postcodes.

A council is named by its ONS code (``E08000014``) or its DfE number (``343``). The DfE number goes
into the CIN census header and UPNs; the prefix makes LA child IDs (``SEF0000123``) unique per
authority. Each authority lists its neighbours, where children placed out of area live.
"""

from __future__ import annotations

from dataclasses import dataclass

from .postcodes import POSTCODES


class UnknownAuthorityError(ValueError):
    """The code names no authority the generator has postcodes for."""


@dataclass(frozen=True)
class Authority:
    name: str
    ons_code: str
    dfe_number: str
    prefix: str
    neighbours: tuple[str, ...]  # ONS codes
    white_british: float  # share of children, for ethnicity

    @property
    def postcodes(self) -> tuple[str, ...]:
        return POSTCODES[self.ons_code]

    def neighbour_postcodes(self) -> tuple[str, ...]:
        return tuple(pc for code in self.neighbours for pc in POSTCODES[code])


AUTHORITIES: tuple[Authority, ...] = (
    Authority("Knowsley", "E08000011", "340", "KNO", ("E08000012", "E08000013", "E06000006"), 0.93),
    Authority("Liverpool", "E08000012", "341", "LIV", ("E08000011", "E08000014", "E08000015"), 0.80),
    Authority("St Helens", "E08000013", "342", "STH", ("E08000011", "E06000007", "E10000017"), 0.95),
    Authority("Sefton", "E08000014", "343", "SEF", ("E08000012", "E10000017", "E08000011"), 0.93),
    Authority("Wirral", "E08000015", "344", "WIR", ("E06000050", "E08000012", "E08000014"), 0.92),
    Authority("Halton", "E06000006", "876", "HAL", ("E08000011", "E06000007", "E06000050"), 0.94),
    Authority("Warrington", "E06000007", "877", "WAR", ("E06000006", "E08000013", "E06000050"), 0.90),
    Authority("Lancashire", "E10000017", "888", "LAN", ("E08000014", "E08000013", "E08000012"), 0.82),
    Authority(
        "Cheshire West and Chester", "E06000050", "896", "CWC", ("E08000015", "E06000006", "E06000007"), 0.92
    ),
)


def find_authority(code: str) -> Authority:
    """The authority with this ONS code or DfE number (case and spaces ignored)."""
    wanted = code.strip().upper()
    for authority in AUTHORITIES:
        if wanted in (authority.ons_code, authority.dfe_number, authority.name.upper()):
            return authority
    known = ", ".join(f"{a.ons_code}/{a.dfe_number} {a.name}" for a in AUTHORITIES)
    raise UnknownAuthorityError(f"unknown authority '{code}'; the generator knows {known}")
