"""Deployment checks of messages (`partneratlas check --deploy`)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning

_LOCAL = {"127.0.0.1", "localhost", "::1", ""}


@register("notifications", deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A warning in production while SITE_URL points at this machine: every link in an e-mail would be dead."""
    if settings.DEBUG or urlsplit(settings.SITE_URL).hostname not in _LOCAL:
        return []
    return [CheckWarning(
        f"SITE_URL is {settings.SITE_URL}: the links in e-mails (invitations, proposals, reminders) lead nowhere.",
        hint="Set SITE_URL to the site's public address, e.g. https://atlas.example.org (docs/configuration.md).",
        id="partneratlas.notifications.W001")]
