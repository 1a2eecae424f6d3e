"""Commands that run on plain files with no Django and no database (settings-free).

Each module exposes ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
"""
