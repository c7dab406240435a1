"""System check: on SQLite the pool's lock needs transactions that begin IMMEDIATE (locking.py)."""

from typing import Any

from django.core.checks import CheckMessage, register
from django.core.checks import Error as CheckError
from django.db import connections


@register("capacity")
def sqlite_immediate_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An error when an SQLite database begins transactions DEFERRED: seats could be handed out twice."""
    errors: list[CheckMessage] = []
    for alias in connections:
        settings = connections[alias].settings_dict
        if (settings["ENGINE"] == "django.db.backends.sqlite3"
                and str(settings.get("OPTIONS", {}).get("transaction_mode", "")).upper() != "IMMEDIATE"):
            errors.append(CheckError(
                f"The SQLite database '{alias}' does not begin transactions IMMEDIATE: two processes could "
                "hand out the same seat.",
                hint="Set DATABASES['default']['OPTIONS']['transaction_mode'] = 'IMMEDIATE' (see docs/capacity.md).",
                id="partneratlas.capacity.E001"))
    return errors
