from typing import Any

import pytest
from django.core.checks import Error, run_checks

from partneratlas.atlas.checks import imprint_settings_check

OPERATOR = {"SITE_OPERATOR": "Servicestelle Kommunen in der Einen Welt",
            "SITE_ADDRESS": ["Tulpenfeld 7", "53113 Bonn"], "SITE_EMAIL": "info@example.org"}


def configure(settings: Any, **values: Any) -> None:
    for name, value in {**OPERATOR, **values}.items():
        setattr(settings, name, value)


def test_imprint_check_passes_when_operator_address_and_email_are_set(settings: Any) -> None:
    configure(settings)
    assert imprint_settings_check() == []


@pytest.mark.parametrize(("name", "empty", "number"), [
    ("SITE_OPERATOR", "", 1), ("SITE_ADDRESS", [], 2), ("SITE_EMAIL", "", 3)])
def test_imprint_check_fails_when_a_setting_is_empty(settings: Any, name: str, empty: Any, number: int) -> None:
    configure(settings, **{name: empty})
    errors = imprint_settings_check()
    assert [(type(e), e.id) for e in errors] == [(Error, f"partneratlas.atlas.E00{number}")]
    assert errors[0].msg == f"{name} is empty: the imprint does not say who runs this site."
    assert f"Set the environment variable {name}" in str(errors[0].hint)


def test_imprint_check_runs_with_the_deployment_checks_only(settings: Any) -> None:
    configure(settings, SITE_OPERATOR="", SITE_EMAIL="")
    deploy = [m.id for m in run_checks(tags=["deploy"], include_deployment_checks=True)]
    assert deploy == ["partneratlas.atlas.E001", "partneratlas.atlas.E003"]
    assert not [m for m in run_checks() if m.id and m.id.startswith("partneratlas.atlas.")]
