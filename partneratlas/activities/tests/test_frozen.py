"""A period closed by an issued report freezes its activities: no new one, no change, no deletion, no restore."""

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from partneratlas.activities.models import Activity
from partneratlas.activities.services import ActivityRefused, activity_delete
from partneratlas.activities.tests.factories import activity
from partneratlas.activities.tests.test_views import form, login
from partneratlas.history.kinds import Author
from partneratlas.history.models import Revision
from partneratlas.registry.models import Partnership
from partneratlas.registry.periods import period_close, period_reopen
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db
REFERENCE = "2026-01-01–2026-01-31 #1"


@pytest.fixture
def wd() -> Partnership:
    return partnership(WUPPERTAL, DONGGUAN)


def days(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def close(wd: Partnership) -> Any:
    """The period from 40 to 20 days ago closed, as issuing a council report does."""
    return period_close(partnership=wd, start=days(40), end=days(20), reference=REFERENCE)


def test_a_new_activity_in_a_closed_period_is_refused_with_the_report_and_nothing_is_written(
        client: Client, wd: Partnership) -> None:
    close(wd)
    login(client, "own")
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/", form(date=days(30).isoformat()))
    assert response.status_code == 400
    page = response.content.decode()
    assert REFERENCE in page
    assert "reopen the report" in page
    assert 'role="alert"' in page
    assert not Activity.objects.exists()
    assert not Revision.objects.filter(kind="activity").exists()
    # one that begins before the period and lasts into it is in it too; one after it is not
    response = client.post(f"/en/partnerships/{wd.uid}/activities/new/",
                           form(date=days(45).isoformat(), end_date=days(38).isoformat()))
    assert response.status_code == 400
    assert client.post(f"/en/partnerships/{wd.uid}/activities/new/", form(date=days(10).isoformat())).status_code == 302


def test_an_activity_in_a_closed_period_is_neither_changed_moved_out_nor_deleted(client: Client,
                                                                                 wd: Partnership) -> None:
    frozen = activity(wd, side=WUPPERTAL, title="Besuch", date=days(30), today=timezone.localdate())
    outside = activity(wd, side=WUPPERTAL, title="Später", date=days(10), today=timezone.localdate())
    close(wd)
    login(client, "own")
    for changes in ({"title": "geändert"}, {"date": days(5).isoformat()}):
        response = client.post(f"/en/activities/{frozen.pk}/edit/", form(version="1", **changes))
        assert response.status_code == 400
        assert REFERENCE in response.content.decode()
    response = client.post(f"/en/activities/{outside.pk}/edit/", form(version="1", date=days(30).isoformat()))
    assert response.status_code == 400  # … nor may another be moved into it
    response = client.post(f"/en/activities/{frozen.pk}/delete/")
    assert response.status_code == 400
    assert REFERENCE in response.content.decode()
    frozen.refresh_from_db()
    outside.refresh_from_db()
    assert (frozen.title, frozen.date, frozen.version, outside.date) == ("Besuch", days(30), 1, days(10))
    assert Revision.objects.filter(kind="activity", object_id=frozen.pk).count() == 1


def test_an_old_version_is_not_restored_into_a_closed_period(client: Client, wd: Partnership) -> None:
    a = activity(wd, side=WUPPERTAL, title="Erst", date=days(30), today=timezone.localdate())
    activity_delete(activity=a, author=Author("demo", name="test"))
    close(wd)
    login(client, "own")
    response = client.post(f"/en/activities/{a.pk}/history/1/revert/")
    assert response.status_code == 302
    assert any(REFERENCE in str(m) for m in get_messages(response.wsgi_request))
    assert not Activity.objects.exists()


def test_a_reopened_period_can_be_changed_again(client: Client, wd: Partnership) -> None:
    frozen = activity(wd, side=WUPPERTAL, title="Besuch", date=days(30), today=timezone.localdate())
    period = close(wd)
    with pytest.raises(ActivityRefused):
        activity_delete(activity=frozen, author=Author("demo", name="test"))
    period_reopen(period=period, reason="Nachtrag")
    login(client, "own")
    response = client.post(f"/en/activities/{frozen.pk}/edit/", form(version="1", date=days(30).isoformat(),
                                                                      title="Besuch mit Nachtrag"))
    assert response.status_code == 302
    assert Activity.objects.get().title == "Besuch mit Nachtrag"
