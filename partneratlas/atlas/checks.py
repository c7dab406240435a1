"""Deployment checks of the public atlas (`partneratlas check --deploy`).

The imprint (Impressum, § 5 DDG) must name who runs the site, where and how to reach them;
a public installation without these is not lawful in Germany.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

IMPRINT_SETTINGS = ("SITE_OPERATOR", "SITE_ADDRESS", "SITE_EMAIL")


@register("deploy", deploy=True)
def imprint_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An Error for each of SITE_OPERATOR, SITE_ADDRESS, SITE_EMAIL that is empty."""
    return [
        Error(
            f"{name} is empty: the imprint does not say who runs this site.",
            hint=f"Set the environment variable {name} (see docs/configuration.md); the imprint "
                 "(§ 5 DDG) names the operator, its postal address and an e-mail address.",
            id=f"partneratlas.atlas.E00{number}",
        )
        for number, name in enumerate(IMPRINT_SETTINGS, start=1)
        if not getattr(settings, name, None)
    ]
