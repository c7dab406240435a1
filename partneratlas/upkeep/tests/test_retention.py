"""The retention period: personal data older than RETENTION_DAYS is removed, the rest stays."""

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from partneratlas.editing.models import ImportJob
from partneratlas.people.models import AuditEvent
from partneratlas.registry.models import ContactPerson, Partnership, StatusChange
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, SHANGHAI, WUPPERTAL, partnership
from partneratlas.upkeep.models import Proposal

pytestmark = pytest.mark.django_db
NOW = timezone.now()
LONG_AGO = NOW - datetime.timedelta(days=800)


def contact(p: Partnership, name: str) -> ContactPerson:
    return ContactPerson.objects.create(partnership=p, name=name, consent_on=datetime.date(2020, 1, 1))


def test_purge_removes_only_what_is_past_the_retention_period(settings: Any, capsys: Any) -> None:
    settings.RETENTION_DAYS = 730
    AuditEvent.objects.create(kind="login", at=LONG_AGO, login="old@example.org", ip="192.0.2.1")
    AuditEvent.objects.create(kind="login", at=NOW, login="new@example.org", ip="192.0.2.2")
    ended = partnership(HAMBURG, SHANGHAI)
    Partnership.objects.filter(pk=ended.pk).update(status="ended")
    StatusChange.objects.filter(partnership=ended).delete()
    StatusChange.objects.create(partnership=ended, status="ended", year=NOW.year - 3)
    active = partnership(WUPPERTAL, DONGGUAN)
    contact(ended, "Frau Alt")
    contact(active, "Herr Aktiv")
    decided = Proposal.objects.create(kind="correction", partnership=active, message="x", name="Li", email="li@x.org",
                                      sender="abc", state="rejected", decided_at=LONG_AGO)
    Proposal.objects.filter(pk=decided.pk).update(created_at=LONG_AGO)
    recent = Proposal.objects.create(kind="correction", partnership=active, message="y", name="Wu", email="wu@x.org",
                                     sender="def")
    job = ImportJob(name="alt.csv", size=3)
    job.file.save("alt.csv", ContentFile(b"a;b"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(created_at=NOW - datetime.timedelta(days=10), state="checked")
    path = job.file.path

    call_command("upkeep", "purge", "--dry-run")
    assert "audit log entries 1" in capsys.readouterr().out
    assert AuditEvent.objects.count() == 2  # a dry run changes nothing

    call_command("upkeep", "purge")
    assert list(AuditEvent.objects.values_list("login", flat=True)) == ["new@example.org"]
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Herr Aktiv"]
    decided.refresh_from_db()
    assert (decided.name, decided.email, decided.sender, decided.message) == ("", "", "", "x")
    recent.refresh_from_db()
    assert (recent.name, recent.email, recent.sender) == ("Wu", "wu@x.org", "def")  # still needed
    job.refresh_from_db()
    assert (job.state, job.file.name) == ("cancelled", "")
    import os
    assert not os.path.exists(path)


def test_zero_keeps_everything_but_abandoned_uploads(settings: Any) -> None:
    settings.RETENTION_DAYS = 0
    AuditEvent.objects.create(kind="login", at=LONG_AGO, login="old@example.org")
    call_command("upkeep", "purge")
    assert AuditEvent.objects.count() == 1
