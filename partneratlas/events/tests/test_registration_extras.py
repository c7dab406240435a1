"""The registration box on the edition page, the personal calendar file, loading the ODA list."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory

from partneratlas.events.checkin import checkin_mark
from partneratlas.events.eligibility import oda_countries, oda_load, outside_region
from partneratlas.events.models import OdaCountry
from partneratlas.events.registering import link_token, registration_cancel
from partneratlas.events.tests.test_registration_world import (
    NOW,
    STARTS,
    country,
    dongguan,
    edition,
    people,
    register,
    wuppertal,
)
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL

pytestmark = pytest.mark.django_db


def box(ed: Any, user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template('{% include "events/registration/_edition_box.html" %}').render(
        Context({"edition": ed, "request": request, "organiser": False}))


def test_the_edition_box_offers_registration_then_shows_mine() -> None:
    from django.contrib.auth.models import AnonymousUser

    users = people()
    ed = edition(capacity=3, registration_opens=None, starts_at=NOW.replace(year=2099), ends_at=NOW.replace(year=2099))
    assert "3 places free" in box(ed, AnonymousUser())
    from partneratlas.events.registering import registration_create
    from partneratlas.events.tests.test_registration_world import person

    registration_create(edition=ed, track=ed.tracks.get(), person=person(email=users["own"].email),
                        user=users["own"], now=NOW)
    html = box(ed, users["own"])
    assert "You are registered" in html
    assert "Confirmed" in html or "confirmed" in html
    assert "Register a delegation" not in html  # registered already: the box shows the registration


def test_the_personal_calendar_file_is_a_request_then_a_cancellation() -> None:
    ed = edition()
    r = register(ed, language="en")
    url = f"/en/events/r/{link_token(r)}/calendar.ics"
    body = Client().get(url).content.decode()
    assert f"UID:{ed.uid}@partneratlas" in body
    assert "METHOD:REQUEST" in body
    registration_cancel(registration=r, now=NOW)
    assert "METHOD:CANCEL" in Client().get(url).content.decode()
    assert Client().get(url.replace(link_token(r), f"{r.pk}-0")).status_code == 404


def test_load_oda_is_idempotent_and_reports_what_it_skips(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("events", "load-oda", stdout=out)
    first = out.getvalue()
    assert "skipped" in first
    assert "KI (Kiribati): region 'oceania' has no conferences" in first
    loaded = OdaCountry.objects.count()
    assert loaded > 0
    assert set(OdaCountry.objects.values_list("country_id", "region")) >= {("TZ", "africa"), ("RW", "africa"),
                                                                           ("CN", "asia"), ("UA", "eastern_europe")}
    again = oda_load()
    assert (again.loaded, again.unchanged) == (0, loaded)


def test_a_newer_list_replaces_the_older_one(tmp_path: Path) -> None:
    oda_load()
    newer = tmp_path / "oda.csv"
    newer.write_text("valid_from,2026-01-01\nvalid_until,2027-12-31\niso,region,group,name\nRW,africa,LDC,Rwanda\n",
                     encoding="utf-8")
    oda_load(path=newer)
    day = NOW.date()
    assert oda_countries("africa", on=day) == {"RW"}
    assert "TZ" in oda_countries("africa", on=day.replace(year=2025))
    ed = edition(region="africa", partner_regions_only=True)
    assert outside_region(ed, country("TZ"), on=day) is True
    assert outside_region(ed, country("RW"), on=day) is False


def test_the_daily_run_expires_overdue_offers_and_sends_reminders() -> None:
    import datetime

    from django.utils import timezone

    now = timezone.now()
    long_ago = now - datetime.timedelta(hours=100)
    ed = edition(capacity=1, registration_opens=None, starts_at=now + datetime.timedelta(days=3),
                 ends_at=now + datetime.timedelta(days=4))
    first = register(ed, now=long_ago)
    second = register(ed, now=long_ago)
    registration_cancel(registration=first, now=long_ago)
    out = io.StringIO()
    call_command("events", "daily", stdout=out)
    second.refresh_from_db()
    assert second.state == "expired"
    assert "1 pool with overdue offers swept." in out.getvalue()
    assert "0 reminders queued." in out.getvalue()  # nobody confirmed is left


def test_the_edition_page_shows_which_municipalities_were_there_once_it_began() -> None:
    ed = edition()
    came = register(ed, "Anna", municipality=wuppertal())
    register(ed, "Li", municipality=dongguan())  # registered, never checked in
    assert "Who was there" not in Client().get(f"/en/events/{ed.pk}/").content.decode()  # nobody checked in yet
    checkin_mark(registration=came, by=None, now=STARTS)
    page = Client().get(f"/en/events/{ed.pk}/").content.decode()
    assert "Who was there" in page
    assert f'href="/en/municipalities/{WUPPERTAL}/"' in page
    assert f"/en/municipalities/{DONGGUAN}/" not in page
