"""Django REST framework and drf-spectacular settings, imported by ``config/settings/base.py``.

Kept here so the API's choices sit beside the API. Plain values only: no Django imports.
"""

from __future__ import annotations

from typing import Any

REST_FRAMEWORK: dict[str, Any] = {
    # Clients authenticate with a bearer token; the API never reads the session cookie, so a
    # page on another site cannot make a signed-in browser call it (no CSRF exposure).
    "DEFAULT_AUTHENTICATION_CLASSES": ["clearsight.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "clearsight.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "clearsight.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_VERSIONING_CLASS": None,
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Clearsight API",
    "DESCRIPTION": (
        "Version 1 of the Clearsight REST API: improvement plans, actions and their updates, "
        "performance measures and their figures, data releases, child-level data uploads and "
        "indicators. Every call is made with a personal API token and sees exactly what its holder "
        "sees in the browser. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": [
        "clearsight.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "clearsight.plans.models.Action.Status",
        "UploadKindEnum": "clearsight.analytics.models.DataUpload.Kind",
    },
    "SORT_OPERATIONS": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "clearsight.api.schema_hooks.backend_neutral_integers",
    ],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
