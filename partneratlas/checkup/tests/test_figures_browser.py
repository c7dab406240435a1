"""The anonymised check-up figures in a real browser with axe in three languages: the public statistics' section
(wide and on a phone) and the agency's page."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.models import Round
from partneratlas.checkup.tests.factories import definition
from partneratlas.checkup.tests.figure_factories import pair, scored
from partneratlas.conftest import look, on_test_database, tab
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.models import Revision
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.questionnaires.models import Questionnaire
from partneratlas.registry.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    path = Path(tmp_path_factory.mktemp("figures")) / "checkup.json"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    with django_db_blocker.unblock():
        _outcome, version = checkup_load(path=path, force=True)
        assert version is not None
        for country, n in (("CN", 6), ("UA", 5), ("PL", 3), ("FR", 2)):
            for i in range(n):
                scored(pair(country), version, {"c01": (40.0 + i, 35.0), "c02": (70.0, 60.0 + i),
                                                "c05": (55.0, 50.0)})
        staff = Client()
        staff.force_login(persona("staff@agency.de", OrganisationKind.AGENCY, None))
        yield {"staff": staff.cookies[settings.SESSION_COOKIE_NAME].value}
        Round.objects.all().delete()  # with their sides and scores (no responses: scored() makes none)
        Questionnaire.objects.all().delete()
        Partnership.objects.all().delete()
        Municipality.objects.filter(ref__startswith="manual:fig-").delete()
        Revision.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(("prefix", "heading", "country"), [("", "Resilienz-Check", "Übrige Staaten"),
                                                            ("/en", "Resilience check-up", "Other countries"),
                                                            ("/zh-hans", "韧性自评", "其他国家")])
def test_the_public_figures_in_three_languages(browser: Browser, server: LiveServer, world: dict[str, Any],
                                               prefix: str, heading: str, country: str) -> None:
    for width in (1280, 390):
        page = tab(browser, server, None, width)
        page.goto(f"{server.url}{prefix}/statistics/")
        section = page.locator("section[aria-labelledby='chart-checkup']")
        expect(section.get_by_role("heading", level=2)).to_have_text(heading)
        expect(section.get_by_role("img")).to_have_count(1)  # the wide or the narrow chart, as the width wants
        expect(section.locator("table")).to_have_count(2)
        expect(section.get_by_role("row", name=country)).to_be_visible()
        look(page)
        page.context.close()


@pytest.mark.parametrize("prefix", ["", "/en", "/zh-hans"])
def test_the_agency_figures_in_three_languages(browser: Browser, server: LiveServer, world: dict[str, Any],
                                               prefix: str) -> None:
    page = tab(browser, server, world["staff"])
    page.goto(f"{server.url}{prefix}/checkup/figures/")
    expect(page.locator("table")).to_have_count(4)
    look(page)
    page.locator("#id_year").select_option(index=1)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("table")).to_have_count(4)
    look(page)
    page.goto(f"{server.url}{prefix}/checkup/figures/?year=1890")
    expect(page.locator(".error-summary")).to_be_visible()
    look(page)
    page.context.close()
