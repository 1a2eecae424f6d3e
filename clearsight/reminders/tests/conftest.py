from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def chair(sefton: Any) -> Any:
    """The improvement board's chair: a board member, named in the authority's reminder policy."""
    from clearsight.conftest import make_user
    from clearsight.reminders.models import ReminderPolicy

    user = make_user("chair@sefton.example", sefton, "board")
    ReminderPolicy.objects.create(authority=sefton, board_chair=user)
    return user
