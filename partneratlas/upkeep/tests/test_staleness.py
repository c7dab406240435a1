"""Records not checked for a year: marked, their owners reminded by e-mail, confirmed with one click."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partneratlas.history.models import Revision
from partneratlas.notifications.models import Message
from partneratlas.people.models import Organisation, OrganisationKind, Role
from partneratlas.people.tests.factories import member, persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership
from partneratlas.upkeep import staleness
from partneratlas.upkeep.models import Reminder

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    """Read when used: a run that starts before midnight (Berlin) and tests after it reads the new day."""
    return timezone.localdate()


def checked(p: Partnership, days_ago: int | None) -> Partnership:
    Partnership.objects.filter(pk=p.pk).update(
        verified_on=None if days_ago is None else today() - datetime.timedelta(days=days_ago))
    p.refresh_from_db()
    return p


@pytest.fixture
def world() -> dict[str, Any]:
    old = checked(partnership(WUPPERTAL, DONGGUAN, since=2016), 400)
    fresh = checked(partnership(HAMBURG, SHANGHAI, since=1986), 30)
    editor = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
    viewer = persona("view@wuppertal.de", None)
    member(viewer, Organisation.objects.get(municipality__ref=WUPPERTAL), Role.VIEWER)
    persona("hh@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG)
    return {"old": old, "fresh": fresh, "editor": editor}


def test_stale_is_a_year_without_a_check(world: dict[str, Any]) -> None:
    assert staleness.is_stale(world["old"])
    assert not staleness.is_stale(world["fresh"])
    never = checked(world["fresh"], None)  # never verified: counts from the day it was recorded
    assert not staleness.is_stale(never)
    assert staleness.is_stale(never, today() + datetime.timedelta(days=366))


def test_the_public_page_marks_a_stale_record(client: Client, world: dict[str, Any]) -> None:
    page = client.get(f"/en/partnerships/{world['old'].uid}/").content.decode()
    assert "Not checked for more than a year" in page
    assert "Not checked for more than a year" not in client.get(f"/en/partnerships/{world['fresh'].uid}/").content.decode()


def test_reminders_go_to_the_owners_editors_once_a_month(world: dict[str, Any],
                                                         django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        call_command("upkeep", "remind")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ed@wuppertal.de"]  # editors and admins; not the viewer, not Hamburg (nothing stale)
    assert "Wuppertal" in message.body
    assert "Dongguan" in message.body
    assert "/edit/?stale=1" in message.body
    assert Reminder.objects.get().partnerships == 1
    call_command("upkeep", "remind")  # the next day: not again
    assert len(mail.outbox) == 1
    Reminder.objects.update(sent_at=timezone.now() - datetime.timedelta(days=31))
    Message.objects.update(event="upkeep.reminder:a month ago")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upkeep", "remind")
    assert len(mail.outbox) == 2


def test_still_correct_marks_the_record_checked_with_a_new_version(client: Client, world: dict[str, Any]) -> None:
    client.force_login(world["editor"])
    page = client.get("/en/edit/?stale=1").content.decode()
    assert "Still correct" in page
    assert "Shanghai" not in page
    response = client.post(f"/en/edit/partnerships/{world['old'].uid}/verify/", {"next": "/en/edit/?stale=1"})
    assert response["Location"] == "/en/edit/?stale=1"
    p = Partnership.objects.get(pk=world["old"].pk)
    assert p.verified_on == today()
    assert Revision.objects.filter(kind="partnership", object_id=p.pk).latest("version").via == "edit"
    assert not staleness.is_stale(p)
    call_command("upkeep", "remind")
    assert not mail.outbox  # nothing stale any more
    evil = client.post(f"/en/edit/partnerships/{world['old'].uid}/verify/", {"next": "https://evil.example/"})
    assert evil["Location"] == "/en/edit/"
    other = Client()
    other.force_login(persona("x@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG))
    assert other.post(f"/en/edit/partnerships/{world['old'].uid}/verify/").status_code == 403
