import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from partneratlas.activities.models import Activity, ActivityKind, Attachment
from partneratlas.activities.services import ActivityRefused, activity_delete, activity_save, data_from_state
from partneratlas.activities.tests.factories import TODAY, activity, photo
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.history.models import Revision
from partneratlas.history.selectors import history_of, revision_of, state_of
from partneratlas.history.services import revision_restore
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def wd() -> Any:
    return partnership(WUPPERTAL, DONGGUAN)


def files_on_disk(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_activity_is_saved_with_its_actors_and_files_and_a_revision(wd: Any, settings: Any) -> None:
    a = activity(wd, actors=[("school", "Gymnasium Vohwinkel"), ("council", "")], languages=["de", "zh"],
                 participants={Municipality.objects.get(ref=WUPPERTAL).id: 12}, youth=True, young_people=8,
                 files=[photo()])
    assert list(a.actors.values_list("kind", "name")) == [("school", "Gymnasium Vohwinkel"), ("council", "")]
    assert a.attachments.get().consent is True
    assert len(files_on_disk(settings)) == 1
    revision = Revision.objects.get(kind="activity", object_id=a.pk)
    assert (revision.version, revision.state["title"], revision.state["young_people"]) == (1, "Besuch", 8)
    assert "contact_persons" not in revision.state  # personal data stays out of the history


def test_an_edit_is_a_new_version_that_can_be_reverted(wd: Any) -> None:
    a = activity(wd, title="Besuch in Dongguan")
    data = data_from_state(state_of(Revision.objects.get(kind="activity", object_id=a.pk)),
                           members={m.municipality_id for m in wd.memberships.all()})
    data.title = "Besuch in Dongguan, Teil 1"
    activity_save(partnership=wd, activity=a, data=data, author=Author("edit"), today=TODAY, started_from=1)
    a.refresh_from_db()
    assert (a.title, a.version) == ("Besuch in Dongguan, Teil 1", 2)
    entries = history_of(kind="activity", object_id=a.pk)
    assert ("Title", "Besuch in Dongguan", "Besuch in Dongguan, Teil 1") in entries[0].changes
    revision_restore(revision=revision_of(kind="activity", object_id=a.pk, version=1),  # type: ignore[arg-type]
                     author=Author("revert"))
    a.refresh_from_db()
    assert (a.title, a.version) == ("Besuch in Dongguan", 3)


def test_a_deleted_activity_comes_back_under_its_id_from_its_history(wd: Any, settings: Any) -> None:
    a = activity(wd, title="Workshop", kind="workshop", files=[photo()])
    pk = a.pk
    activity_delete(activity=a, author=Author("edit"))
    assert not Activity.objects.filter(pk=pk).exists()
    assert Attachment.objects.count() == 0
    last = Revision.objects.filter(kind="activity", object_id=pk).order_by("-version").first()
    assert last is not None
    assert last.state["deleted"] is True
    assert last.version == 2
    revision_restore(revision=revision_of(kind="activity", object_id=pk, version=1),  # type: ignore[arg-type]
                     author=Author("revert"))
    back = Activity.objects.get(pk=pk)
    assert (back.title, back.version) == ("Workshop", 3)


@pytest.mark.parametrize(("changes", "field"), [
    ({"date": TODAY + datetime.timedelta(days=366)}, "date"),
    ({"end_date": datetime.date(2025, 4, 30)}, "end_date"),
    ({"young_people": 5}, "young_people"),
])
def test_bad_input_is_refused_and_nothing_is_written(wd: Any, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ActivityRefused) as refused:
        activity(wd, **changes)
    assert refused.value.field == field
    assert Activity.objects.count() == 0
    assert Revision.objects.filter(kind="activity").count() == 0


def test_a_date_a_year_ahead_is_a_plan_and_allowed(wd: Any) -> None:
    assert activity(wd, date=TODAY + datetime.timedelta(days=365)).pk


def test_the_side_must_be_a_member(wd: Any) -> None:
    with pytest.raises(ActivityRefused, match="member"):
        activity(wd, side=HAMBURG)


def test_a_photo_without_consent_is_refused_and_no_file_is_left(wd: Any, settings: Any) -> None:
    with pytest.raises(ActivityRefused, match="agreed"):
        activity(wd, files=[photo(consent=False)])
    assert Activity.objects.count() == 0
    assert files_on_disk(settings) == []


def test_a_failure_half_way_leaves_neither_rows_nor_files(wd: Any, settings: Any) -> None:
    with mock.patch("partneratlas.activities.services.revision_add", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        activity(wd, files=[photo(), photo(name="two.png")])
    assert (Activity.objects.count(), Attachment.objects.count()) == (0, 0)
    assert files_on_disk(settings) == []


def test_a_direction_is_kept_only_for_kinds_that_have_one(wd: Any) -> None:
    assert activity(wd, kind="delegation-visit", direction="to_partner").direction == "to_partner"
    assert activity(wd, kind="video-meeting", direction="to_partner").direction == ""
    assert ActivityKind.objects.filter(directed=True).count() == 3


def test_removing_a_file_deletes_it_after_the_save(wd: Any, settings: Any, django_capture_on_commit_callbacks: Any
                                                   ) -> None:
    a = activity(wd, files=[photo()])
    data = data_from_state(state_of(Revision.objects.get(kind="activity", object_id=a.pk)),
                           members={m.municipality_id for m in wd.memberships.all()})
    with django_capture_on_commit_callbacks(execute=True):
        activity_save(partnership=wd, activity=a, data=data, author=Author("edit"), today=TODAY,
                      remove=[a.attachments.get().pk])
    assert Attachment.objects.count() == 0
    assert files_on_disk(settings) == []
    assert Revision.objects.filter(kind="activity", object_id=a.pk).count() == 2


def test_contact_persons_of_past_activities_are_purged_after_the_retention_period(wd: Any) -> None:
    from partneratlas.activities.services import contact_persons_purge

    old = activity(wd, date=datetime.date(2020, 1, 1), contact_persons="Herr Wang")
    recent = activity(wd, date=datetime.date(2025, 1, 1), contact_persons="Frau Li")
    cutoff = datetime.datetime(2023, 6, 15, tzinfo=datetime.UTC)
    assert contact_persons_purge(cutoff, cutoff, True) == 1
    assert contact_persons_purge(cutoff, cutoff, False) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_persons, recent.contact_persons) == ("", "Frau Li")
    assert contact_persons_purge(cutoff, None, False) == 0
