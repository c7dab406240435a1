"""The security baseline: deploy checks with production settings, headers, no inline code."""

import os
import re
import secrets
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

PRODUCTION = {
    "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "partneratlas.example.org",
    "SITE_OPERATOR": "Servicestelle Kommunen in der Einen Welt", "SITE_ADDRESS": "Tulpenfeld 7, 53113 Bonn",
    "SITE_EMAIL": "info@example.org", "DATABASE_URL": "sqlite:////tmp/partneratlas-deploy-check.sqlite3",
    "TRUSTED_PROXY_COUNT": "1", "SITE_URL": "https://partneratlas.example.org",
}


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION and not k.startswith("SITE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "partneratlas.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False)


def test_deploy_check_passes_with_production_settings() -> None:
    result = _check(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_a_secret_key() -> None:
    result = _check({**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/map/", "/zh-hans/statistics/", "/en/accounts/login/", "/en/data/api/",
                                 "/en/partnerships/{uid}/", "/en/search/?q=Wuppertal"])
def test_pages_send_a_strict_content_security_policy_and_have_no_inline_code(client: Client, url: str) -> None:
    p = partnership(WUPPERTAL, DONGGUAN, since=2016)
    response = client.get(url.format(uid=p.uid))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in scripts), scripts
    assert not re.search(r"<style[\s>]|\sstyle=|\son[a-z]+=", html)


def test_sessions_are_renewed_at_login_and_cookies_are_safe(client: Client, django_user_model: Any, db: Any) -> None:
    from partneratlas.people.tests.factories import PASSWORD, person

    person("ed@wuppertal.de")
    client.get("/en/accounts/login/")
    before = client.session.session_key
    client.post("/en/accounts/login/", {"login": "ed@wuppertal.de", "password": PASSWORD})
    assert client.session.session_key != before
    assert client.cookies["sessionid"]["httponly"]
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session
