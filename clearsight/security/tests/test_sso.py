"""The single sign-on hook mounts an OIDC library's URLs without the sign-in wall in front."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches

from clearsight.security.sso import sso_urls


def test_sso_views_are_reachable_before_signing_in():
    (pattern,) = sso_urls("clearsight.security.tests.fake_sso_urls")
    assert pattern.name == "oidc_authentication_init" and pattern.callback.login_required is False


@pytest.mark.django_db
def test_the_urlconf_mounts_them_under_oidc_when_configured(settings):
    from clearsight.config import urls

    settings.CLEARSIGHT_SSO_URLCONF = "clearsight.security.tests.fake_sso_urls"
    try:
        importlib.reload(urls)
        clear_url_caches()
        assert Client().get("/oidc/authenticate/").content == b"to the identity provider"
    finally:
        settings.CLEARSIGHT_SSO_URLCONF = ""
        importlib.reload(urls)
        clear_url_caches()
    assert Client().get("/oidc/authenticate/").status_code in (302, 404)
