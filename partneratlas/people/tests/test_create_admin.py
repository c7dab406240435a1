"""`partneratlas people create-admin`: at a terminal it asks; in a script it reads PARTNERATLAS_ADMIN_PASSWORD."""

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from partneratlas.people.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


class NotATerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_without_a_terminal_and_without_the_variable_it_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNERATLAS_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", NotATerminal(""))
    with pytest.raises(CommandError) as refused:
        call_command("people", "create-admin", "root@agency.de")
    assert str(refused.value) == (
        "There is no terminal to ask for the password. Set the environment variable PARTNERATLAS_ADMIN_PASSWORD "
        "to the new admin's password and run the command again.")
    assert not User.objects.exists()


def test_without_a_terminal_the_variable_gives_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERATLAS_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setattr(sys, "stdin", NotATerminal(""))
    out = io.StringIO()
    call_command("people", "create-admin", "root@agency.de", stdout=out)
    admin = User.objects.get(email="root@agency.de")
    assert (admin.is_superuser, admin.is_staff, admin.check_password(PASSWORD)) == (True, True, True)
    assert admin.emailaddress_set.get().verified
    assert out.getvalue() == ("Site admin root@agency.de created. At the first sign-in you set up two-factor "
                              "authentication.\n")


def test_at_a_terminal_it_asks_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.delenv("PARTNERATLAS_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", type("Terminal", (io.StringIO,), {"isatty": lambda self: True})())
    answers = iter([PASSWORD, "something else"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="The two passwords differ"):
        call_command("people", "create-admin", "root@agency.de")
    answers = iter([PASSWORD, PASSWORD])
    call_command("people", "create-admin", "root@agency.de", stdout=io.StringIO())
    assert User.objects.get(email="root@agency.de").check_password(PASSWORD)


def test_run_from_a_script_without_a_terminal_it_fails_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PARTNERATLAS_ADMIN_PASSWORD", "DATABASE_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    command = [sys.executable, "-m", "partneratlas.cli", "people", "create-admin", "root@agency.de"]
    result: Any = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,  # noqa: S603
                                 timeout=120, check=False, start_new_session=True)  # no controlling terminal
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Setzen Sie die Umgebungsvariable PARTNERATLAS_ADMIN_PASSWORD" in result.stderr  # the site language
