"""Security headers, the Content Security Policy and password rules."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_csp_whose_nonce_is_on_the_only_inline_script():
    response = Client().get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    body = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert nonce != re.search(r"'nonce-([^']+)'", Client().get(reverse("login")).headers["Content-Security-Policy"]).group(1)


def test_the_other_security_headers_are_set():
    headers = Client().get(reverse("login")).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_session_and_csrf_cookies_are_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_argon2_is_the_first_password_hasher_outside_tests():
    from clearsight.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012", "qwertyuiop123", "1q2w3e4r5t6y"])
def test_short_and_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["correct horse battery", "three random words here", "alllowercaseletters"])
def test_long_passwords_need_no_symbols_or_capitals(password):
    validate_password(password)  # NCSC: length over complexity, no composition rules
