"""drf-spectacular post-processing: the same schema whichever database the app runs on."""

from __future__ import annotations

from typing import Any

# Django gives integer fields the range of the database column, which differs between SQLite and
# PostgreSQL; the committed schema must not depend on where it was generated.
_BACKEND_LIMITS = {2147483647, 9223372036854775807, -2147483648, -9223372036854775808}


def backend_neutral_integers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer" and node.get("maximum") in _BACKEND_LIMITS:
                node.pop("maximum")
                node.pop("format", None)
            if node.get("type") == "integer" and node.get("minimum") in _BACKEND_LIMITS:
                node.pop("minimum")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
