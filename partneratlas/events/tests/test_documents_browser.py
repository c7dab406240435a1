"""Documents in a real browser with axe in three languages: a partner from China asks for a visa letter through
the personal link, the organiser issues it, the participant downloads it and the certificate, the embassy verifies."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from partneratlas.capacity.models import Claim, Pool
from partneratlas.conftest import look, on_test_database, tab
from partneratlas.events.models import Edition, Registration, Series, VisaLetter
from partneratlas.events.registering import link_token
from partneratlas.events.tests.test_documents_world import delegate, edition, people
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Organisation

pytestmark = pytest.mark.django_db
LANGUAGES = ("de", "en", "zh-hans")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        users = people()
        now = timezone.now()
        ed = edition(starts_at=now + datetime.timedelta(days=20), ends_at=now + datetime.timedelta(days=21))
        wang = delegate(ed, users["own"], attended=True)
        sessions = {}
        for who in ("own", "staff"):
            client = Client()
            client.force_login(users[who])
            sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield {"ed": ed, "wang": wang, "token": link_token(wang), "sessions": sessions}
        Registration.objects.all().delete()  # before their tracks (PROTECT), with their letters and certificates
        Edition.objects.all().delete()
        Claim.objects.all().delete()
        Pool.objects.all().delete()
        Series.objects.all().delete()
        Message.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def test_a_partner_asks_for_a_letter_the_organiser_issues_it_and_the_embassy_verifies_it(
        browser: Browser, server: LiveServer, world: dict[str, Any]) -> None:
    token, ed = world["token"], world["ed"]
    partner = tab(browser, server)
    partner.goto(f"{server.url}/zh-hans/events/documents/{token}/")
    look(partner)
    partner.locator("#id_name").fill("")
    partner.locator("#id_number").fill("E12345678")
    partner.locator("#visa-form button[type=submit]").click()
    expect(partner.locator(".error-summary")).to_be_visible()
    look(partner)
    partner.locator("#id_name").fill("WANG XIAOMING")
    partner.locator("#id_number").fill("E12345678")
    partner.locator("#id_born_on").fill("1980-03-04")
    partner.locator("#visa-form button[type=submit]").click()
    expect(partner.locator("#visa")).to_contain_text("…")
    assert VisaLetter.objects.get(registration=world["wang"]).state == "requested"

    for language in LANGUAGES:
        organiser = tab(browser, server, world["sessions"]["staff"])
        organiser.goto(f"{server.url}/{language}/events/manage/editions/{ed.pk}/documents/".replace("/de/", "/"))
        expect(organiser.locator("#letters")).to_contain_text("E12345678")
        look(organiser)
        organiser.close()
    organiser = tab(browser, server, world["sessions"]["staff"])
    organiser.goto(f"{server.url}/en/events/manage/editions/{ed.pk}/documents/")
    organiser.get_by_role("button", name="Refuse the request").click()
    expect(organiser.locator(".error-summary")).to_contain_text("reason")
    look(organiser)
    organiser.get_by_role("button", name="Issue the letter").click()
    expect(organiser.locator("#letters")).to_contain_text("issued")
    look(organiser)

    for language in LANGUAGES:
        prefix = "" if language == "de" else f"/{language}"
        partner.goto(f"{server.url}{prefix}/events/documents/{token}/")
        look(partner)
        with partner.expect_download() as letter:
            partner.locator(f"a[href$='{token}/visa-letter.pdf']").click()
        assert letter.value.suggested_filename.startswith("visa-letter-")
        with partner.expect_download() as certificate:
            partner.locator(f"a[href$='{token}/certificate.pdf']").click()
        assert certificate.value.suggested_filename.startswith("certificate-")

    registrant = tab(browser, server, world["sessions"]["own"])
    registrant.goto(f"{server.url}/en/events/registrations/{world['wang'].pk}/documents/")
    expect(registrant.locator("h1")).to_contain_text("7th round table China")
    look(registrant)

    code = VisaLetter.objects.get(registration=world["wang"]).code
    embassy = tab(browser, server)
    for language in LANGUAGES:
        prefix = "" if language == "de" else f"/{language}"
        embassy.goto(f"{server.url}{prefix}/events/verify/{code}/")
        expect(embassy.locator("dl")).to_contain_text("王小明")
        look(embassy)
    embassy.goto(f"{server.url}/en/events/verify/not-a-code/")
    expect(embassy.locator("h1")).to_contain_text("Verify a document")
    look(embassy)
