"""The pure engine: domain logic that must be right, with no Django, settings, database or clock.

Callers pass data and ``today`` in. Analysts can use it from a notebook or the CLI on plain
files. The boundary is enforced by import-linter (see ``pyproject.toml``).
"""
