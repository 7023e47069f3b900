"""Production settings: pass the deploy checklist, refuse weak secrets.

Run in a subprocess because settings are read once per process.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _manage(*args, **environ):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="betterwork_portal.settings.production", **environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_shared_cache():
    result = _manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(60), DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    result = _manage("check", DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize("weak", ["short", "local-development-only-not-secret-7f3c1e9a2b" * 2])
def test_production_settings_refuse_weak_secret_key(weak):
    result = _manage("check", DJANGO_SECRET_KEY=weak, DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be a random value" in result.stderr
