"""Registration in a real browser with axe in three languages: Wuppertal registers a delegation with a partner
from Dongguan who reads everything in Chinese, the organiser approves, checks people in on a phone, prints."""

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
from partneratlas.events.models import Delegation, Edition, ListVisibility, Registration, Series
from partneratlas.events.registering import link_token
from partneratlas.events.tests.test_registration_world import agency, edition
from partneratlas.notifications.models import Message
from partneratlas.people.models import AuditEvent, Organisation, OrganisationKind
from partneratlas.people.tests.factories import member, persona
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db
PREFIXES = ("", "/en", "/zh-hans")


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    assert on_test_database()
    with django_db_blocker.unblock():
        now = timezone.now()
        ed = edition(capacity=5, needs_approval=True, participant_list=ListVisibility.PARTICIPANTS,
                     registration_opens=now - datetime.timedelta(days=1), starts_at=now + datetime.timedelta(days=20),
                     ends_at=now + datetime.timedelta(days=21))
        own, staff = Client(), Client()
        own.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
        organiser = persona("staff@agency.de", OrganisationKind.AGENCY, None)
        member(organiser, agency())
        staff.force_login(organiser)
        yield {"edition": ed, "own": own.cookies[settings.SESSION_COOKIE_NAME].value,
               "staff": staff.cookies[settings.SESSION_COOKIE_NAME].value}
        Message.objects.all().delete()
        Registration.objects.all().delete()
        Delegation.objects.all().delete()
        Claim.objects.all().delete()
        Edition.objects.all().delete()
        Pool.objects.all().delete()
        Series.objects.all().delete()
        Organisation.objects.all().delete()
        User.objects.all().delete()
        AuditEvent.objects.all().delete()


def test_a_delegation_with_a_chinese_partner_is_approved_and_checked_in(browser: Browser, server: LiveServer,
                                                                         world: dict[str, Any]) -> None:
    ed = world["edition"]
    editor = tab(browser, server, world["own"])
    editor.goto(f"{server.url}/en/events/{ed.pk}/delegation/")
    look(editor)
    editor.get_by_role("button", name="Register the delegation").click()  # nothing filled in: the errors
    expect(editor.locator(".error-summary")).to_be_visible()
    look(editor)
    editor.locator("#id_delegates-0-name").fill("Anna Schmidt")
    editor.locator("#id_delegates-0-email").fill("anna@wuppertal.de")
    editor.locator("#id_delegates-0-language").select_option("de")
    editor.locator("#id_delegates-1-name").fill("王小明")
    editor.locator("#id_delegates-1-email").fill("wang@dongguan.cn")
    editor.locator("#id_delegates-1-language").select_option("zh-hans")
    editor.locator("#id_delegates-1-partner_delegate").check()
    editor.locator("#id_delegates-1-country").select_option("CN")
    editor.locator("#id_delegates-1-visa_needed").check()
    editor.locator("#id_delegates-1-show_name").check()
    editor.get_by_role("button", name="Register the delegation").click()
    expect(editor.locator("table.registrations")).to_contain_text("王小明")
    expect(editor.locator("table.registrations")).to_contain_text("awaiting approval")
    look(editor)

    wang = Registration.objects.get(email="wang@dongguan.cn")
    assert Message.objects.get(to="wang@dongguan.cn").language == "zh-hans"
    partner = tab(browser, server, None)
    partner.goto(f"{server.url}/zh-hans/events/r/{link_token(wang)}/")
    expect(partner.locator("html")).to_have_attribute("lang", "zh-hans")
    look(partner)

    staff = tab(browser, server, world["staff"])
    for prefix in PREFIXES:
        staff.goto(f"{server.url}{prefix}/events/manage/{ed.pk}/registrations/")
        look(staff)
    staff.goto(f"{server.url}/en/events/manage/{ed.pk}/registrations/")
    staff.get_by_role("button", name="Approve 王小明").click()
    staff.get_by_role("button", name="Approve Anna Schmidt").click()
    expect(staff.locator("table.registrations")).not_to_contain_text("awaiting approval")

    phone = tab(browser, server, world["staff"], width=390)
    phone.goto(f"{server.url}/en/events/manage/{ed.pk}/checkin/")
    look(phone)
    phone.get_by_label("Find by name, organisation or e-mail").fill("王")
    phone.get_by_role("button", name="Find").click()
    phone.get_by_role("button", name="Check in 王小明").click()
    expect(phone.locator(f"#r{wang.pk}")).to_contain_text("Checked in at")
    look(phone)
    for prefix in PREFIXES:
        phone.goto(f"{server.url}{prefix}/events/manage/{ed.pk}/checkin/")
        look(phone)
        staff.goto(f"{server.url}{prefix}/events/manage/{ed.pk}/checkin/print/")
        look(staff)
        partner.goto(f"{server.url}{prefix}/events/r/{link_token(wang)}/")
        look(partner)
        partner.goto(f"{server.url}{prefix}/events/{ed.pk}/participants/?link={link_token(wang)}")
        expect(partner.locator("table.participants")).to_contain_text("王小明")
        look(partner)
        editor.goto(f"{server.url}{prefix}/events/{ed.pk}/register/")
        look(editor)
    wang.refresh_from_db()
    assert wang.attended_at is not None
    for page in (editor, partner, staff, phone):
        page.context.close()
