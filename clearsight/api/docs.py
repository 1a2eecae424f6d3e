"""The API's operations, read from the generated OpenAPI schema, for the documentation page and
``docs/api.md``: one source, so the page, the file and the served schema cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

METHODS = ("get", "post", "patch", "put", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[tuple[str, str, bool, str], ...]  # name, where, required, description
    responses: tuple[str, ...]


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def operations() -> list[tuple[str, list[Operation]]]:
    """Operations grouped by tag, in the order the URLs are declared."""
    groups: dict[str, list[Operation]] = {}
    for path, item in schema()["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = tuple(
                (p["name"], p["in"], bool(p.get("required")), p.get("description", ""))
                for p in op.get("parameters", [])
            )
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(
                Operation(
                    method.upper(),
                    path,
                    op.get("summary", ""),
                    op.get("description", ""),
                    parameters,
                    tuple(sorted(op.get("responses", {}))),
                )
            )
    return list(groups.items())


def markdown() -> str:
    """The operations as a Markdown section (written into docs/api.md between markers)."""
    lines: list[str] = []
    for tag, ops in operations():
        lines += [f"### {tag.capitalize()}", "", "| Method | Path | What it does |", "|---|---|---|"]
        lines += [f"| {o.method} | `{o.path}` | {o.summary} |" for o in ops]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
