"""Issuing a council report freezes its period; reopening with a reason is recorded in history; issuing again makes
a new stored version, and the withdrawn one stays downloadable as it was."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from partneratlas.activities.models import Activity
from partneratlas.activities.tests.test_views import form as activity_form
from partneratlas.checkup.models import CouncilReport
from partneratlas.checkup.tests.test_reports import editor, form, logged
from partneratlas.history.models import Revision
from partneratlas.history.selectors import history_of
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership

pytestmark = pytest.mark.django_db


def test_issue_freeze_reopen_and_issue_again(client: Client, version: Version, wd: Partnership) -> None:
    day = timezone.localdate() - datetime.timedelta(days=20)
    logged(wd, days_ago=20)
    editor(client)
    assert client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form()).status_code == 302
    first = CouncilReport.objects.get()
    pdf = client.get(f"/en/checkup/reports/{first.pk}/pdf").content

    # frozen: a new activity in the period is refused, naming the report
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", activity_form(date=day.isoformat()))
    assert response.status_code == 400
    assert first.reference in response.content.decode()
    assert Activity.objects.count() == 1
    # … and the same period is not issued twice
    response = client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form())
    assert response.status_code == 400
    assert "reopen it first" in response.content.decode()

    # reopening needs a reason
    response = client.post(f"/en/checkup/reports/{first.pk}/reopen/", {"reason": " "})
    assert response.status_code == 400
    assert "Give the reason for reopening the report." in response.content.decode()
    assert not CouncilReport.objects.get().withdrawn
    response = client.post(f"/en/checkup/reports/{first.pk}/reopen/", {"reason": "Der Jugendaustausch fehlte."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.withdrawn
    assert first.period.reopen_reason == "Der Jugendaustausch fehlte."
    revisions = list(Revision.objects.filter(kind="council-report", object_id=first.pk).order_by("version"))
    assert [(r.version, r.state["state"]) for r in revisions] == [(1, "issued"), (2, "reopened")]
    assert revisions[1].user_id == first.period.reopened_by_id is not None
    assert revisions[1].state["reopen_reason"] == "Der Jugendaustausch fehlte."
    entries = history_of(kind="council-report", object_id=first.pk)
    assert ("Reason for reopening", "", "Der Jugendaustausch fehlte.") in entries[0].changes
    assert client.post(f"/en/checkup/reports/{first.pk}/reopen/", {"reason": "again"}).status_code == 400

    # open again: the activity is logged; the withdrawn files are as they were
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/",
                           activity_form(date=day.isoformat(), title="Jugendaustausch"))
    assert response.status_code == 302
    download = client.get(f"/en/checkup/reports/{first.pk}/pdf")
    assert download.content == pdf
    assert "withdrawn" in download["Content-Disposition"]
    page = client.get(f"/en/checkup/partnerships/{wd.uid}/").content.decode()
    assert "withdrawn: reopened" in page
    assert "Der Jugendaustausch fehlte." in page

    # issuing again makes version 2 with the new activity, and freezes the period again
    assert client.post(f"/en/checkup/partnerships/{wd.uid}/reports/", form()).status_code == 302
    second = CouncilReport.objects.exclude(pk=first.pk).get()
    assert (second.number, second.withdrawn, second.reference.endswith("#2")) == (2, False, True)
    assert second.pdf_sha256 != first.pdf_sha256
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", activity_form(date=day.isoformat()))
    assert response.status_code == 400
    assert second.reference in response.content.decode()
