"""API fixtures: a token for any persona, and a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, secret: str | None):
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _call(
        self, method: str, path: str, data: Any = None, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        call = getattr(self.client, method)
        all_headers = {**self.headers, **(headers or {})}
        if method in ("post", "patch", "put") and "format" not in kwargs:
            return call(path, data=data, content_type="application/json", headers=all_headers)
        kwargs.pop("format", None)
        return call(path, data=data, headers=all_headers, **kwargs)

    def get(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self._call("get", path, data, **kwargs)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self._call("post", path, data, **kwargs)

    def patch(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self._call("patch", path, data, **kwargs)


def token_for(user: Any, authority: Any = None) -> str:
    from clearsight.api.services import api_token_issue

    authority = authority or user.memberships.first().authority
    return api_token_issue(user=None, holder=user, authority=authority, name="Tests").secret


@pytest.fixture
def api_as():
    """``api_as(user)``: a client acting with a fresh token for ``user`` (None: no token)."""

    def make(user: Any) -> ApiClient:
        return ApiClient(token_for(user) if user is not None else None)

    return make
