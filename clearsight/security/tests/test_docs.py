"""docs/security.md's role table is ROLE_PERMISSIONS, word for word."""

from __future__ import annotations

from pathlib import Path

from clearsight.organisations.roles import ROLE_PERMISSIONS, Permission, Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"


def _table() -> list[list[str]]:
    text = DOC.read_text()
    start = text.index("| Permission | Administrator")
    lines = []
    for line in text[start:].splitlines():
        if not line.startswith("|"):
            break
        lines.append([cell.strip() for cell in line.strip("|").split("|")])
    return lines


def test_the_role_table_in_docs_security_matches_role_permissions():
    header, _rule, *rows = _table()
    assert header[1:] == [role.label for role in Role]
    assert len(rows) == len(Permission)
    for row, permission in zip(rows, Permission, strict=True):
        assert row[0] == f"{permission.label} (`{permission.value}`)"
        granted = [cell == "✓" for cell in row[1:]]
        assert granted == [permission in ROLE_PERMISSIONS[role] for role in Role], permission.value
