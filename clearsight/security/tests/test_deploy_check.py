"""``clearsight check --deploy`` is clean under production settings with their variables set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def _check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clearsight.config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "clearsight.example.gov.uk",
        "CLEARSIGHT_DATA_DIR": str(tmp_path),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "clearsight.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_long_secret_key(tmp_path):
    result = _check(tmp_path, DJANGO_SECRET_KEY="short")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be at least 50 characters" in result.stderr
