"""Deployment checks of the sign-in protection (`partneratlas check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning


@register("security", deploy=True)
def proxy_setting_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A warning in production while TRUSTED_PROXY_COUNT has not been set explicitly.

    Behind a reverse proxy the default (0) makes every client the proxy, so one attacker locks
    everyone out of an account and allauth's rate limits stop everybody at once; set too high,
    a forged X-Forwarded-For is trusted. Only the operator knows the number.
    """
    if settings.DEBUG or settings.TRUSTED_PROXY_COUNT_GIVEN:
        return []
    return [CheckWarning(
        "TRUSTED_PROXY_COUNT is not set: sign-in protection cannot tell clients apart behind a reverse proxy, "
        "or trusts a forged X-Forwarded-For without one.",
        hint="Set TRUSTED_PROXY_COUNT to the number of reverse proxies in front of the site that append to "
             "X-Forwarded-For (0 when clients connect directly); see docs/security.md.",
        id="partneratlas.people.W001")]
