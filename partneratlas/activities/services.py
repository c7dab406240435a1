"""Every write to the activity log: save, delete and restore an activity, with its history and files.

The rules of a save hold here, for the form and for every other caller: a date at most a
year ahead, an end not before the start, the side and the counted sides among the
partnership's members, young people counted only when they took part, and every photo
with credit, licence and the consent of the people shown. A save is whole or nothing:
files stored for a save that fails are removed again. An activity dated in a period closed
by an issued report (registry/periods.py) is neither added, changed, deleted nor restored
until the report is reopened.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partneratlas.activities.models import Activity, ActivityActor, ActivityKind, Attachment, Media, Visibility
from partneratlas.history.kinds import Author, State
from partneratlas.history.models import Revision
from partneratlas.history.services import revision_add
from partneratlas.registry.models import Partnership
from partneratlas.registry.periods import PeriodClosed, Span, period_check

HISTORY_KIND = "activity"
MAX_AHEAD = datetime.timedelta(days=365)


class ActivityRefused(Exception):
    """A rule of saving is broken; `field` names the form field the message belongs to ("" for the whole form)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


class ActivityConflict(Exception):
    """Someone else saved the activity after the editor opened it."""


@dataclass
class ActivityData:
    kind_id: int
    date: datetime.date
    title: str
    side_id: int
    end_date: datetime.date | None = None
    direction: str = ""
    note: str = ""
    language: str = "de"
    participants: dict[int, int] = field(default_factory=dict)  # member id → people from that side
    contact_persons: str = ""
    youth: bool = False
    young_people: int | None = None
    languages: list[str] = field(default_factory=list)
    actors: list[tuple[str, str]] = field(default_factory=list)  # (kind of actor, name or "")
    visibility: str = Visibility.INTERNAL


@dataclass
class NewFile:
    """An upload that passed partneratlas.uploads.check_upload, with what the person said about it."""

    upload: UploadedFile
    media: str  # Media
    content_type: str
    caption: str = ""
    credit: str = ""
    licence: str = ""
    consent: bool = False


def state_of(activity: Activity) -> State:
    """What the history keeps of an activity. Contact persons are personal data and stay out of it."""
    return {
        "partnership_id": activity.partnership_id, "kind_id": activity.kind_id,
        "date": activity.date.isoformat(), "end_date": activity.end_date.isoformat() if activity.end_date else None,
        "direction": activity.direction, "title": activity.title, "note": activity.note,
        "language": activity.language, "side_id": activity.side_id,
        "participants": {str(k): v for k, v in sorted(activity.participants.items())},
        "youth": activity.youth, "young_people": activity.young_people, "languages": list(activity.languages),
        "actors": [[a.kind, a.name] for a in activity.actors.all()], "visibility": activity.visibility,
        "attachments": [[f.name, f.media, f.credit, f.licence, f.consent] for f in activity.attachments.all()],
    }


def _check(data: ActivityData, *, partnership: Partnership, files: list[NewFile], today: datetime.date) -> None:
    members = set(partnership.memberships.values_list("municipality_id", flat=True))
    if data.date > today + MAX_AHEAD:
        raise ActivityRefused("date", _("The date lies more than a year in the future."))
    if data.end_date is not None and data.end_date < data.date:
        raise ActivityRefused("end_date", _("The end date lies before the start date."))
    if data.side_id not in members:
        raise ActivityRefused("side", _("The side that logs the activity must be a member of the partnership."))
    if set(data.participants) - members or any(n < 0 for n in data.participants.values()):
        raise ActivityRefused("", _("Participants can be counted only for the partnership's members."))
    if data.young_people and not data.youth:
        raise ActivityRefused("young_people", _("Young people are counted, but “young people took part” is not "
                                                "ticked."))
    if data.visibility not in Visibility.values:
        raise ActivityRefused("visibility", _("Choose who may see the activity."))
    for new in files:
        if new.media == Media.IMAGE and not new.consent:
            raise ActivityRefused("files", _("“%(name)s”: a photo needs the confirmation that the people shown "
                                             "agreed.") % {"name": new.upload.name})
        if new.media == Media.IMAGE and not (new.credit.strip() and new.licence.strip()):
            raise ActivityRefused("files", _("“%(name)s”: a photo needs a credit and a licence.")
                                  % {"name": new.upload.name})


def _frozen_check(partnership_id: int, spans: list[Span]) -> None:
    """ActivityRefused (naming the report and how to reopen it) when a span lies in a closed period."""
    try:
        period_check(partnership_id=partnership_id, spans=spans)
    except PeriodClosed as exc:
        raise ActivityRefused("date", exc.message) from exc


def _store(files: list[NewFile], stored: list[str], today: datetime.date) -> list[Attachment]:
    """Each upload written under a name of its own; `stored` collects the names for a cleanup."""
    made = []
    for new in files:
        original = (new.upload.name or "file").rsplit("/", 1)[-1][-200:]
        suffix = original.rsplit(".", 1)[-1].lower() if "." in original else "bin"
        path = default_storage.save(f"activities/{today:%Y}/{uuid.uuid4().hex}.{suffix}", new.upload)
        stored.append(path)
        made.append(Attachment(file=path, name=original, media=new.media, content_type=new.content_type,
                               size=new.upload.size or 0, caption=new.caption[:300], credit=new.credit[:200],
                               licence=new.licence[:100], consent=new.consent))
    return made


def _forget_files(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


def activity_save(*, partnership: Partnership, activity: Activity | None, data: ActivityData, author: Author,
                  today: datetime.date, files: list[NewFile] | None = None, remove: list[int] | None = None,
                  started_from: int | None = None) -> Activity:
    """Save a new or changed activity with its actors and files; returns it.

    Rules: see the module. With `started_from`, the stored version must still be that one
    (ActivityConflict). `remove` names attachments of this activity to delete.
    Side effects: one revision per save (history, kind "activity"); uploads stored; files of
    removed attachments deleted once the transaction has committed.
    """
    return _save(partnership, activity, data, author, today, files or [], remove or [], started_from)


def _save(partnership: Partnership, activity: Activity | None, data: ActivityData, author: Author,
          today: datetime.date, files: list[NewFile], remove: list[int], started_from: int | None,
          revive: Activity | None = None) -> Activity:
    _check(data, partnership=partnership, files=files, today=today)
    stored: list[str] = []
    try:
        with transaction.atomic():
            return _write(partnership, activity, data, files, remove, started_from, stored, author, today, revive)
    except BaseException:
        _forget_files(stored)
        raise


def _write(partnership: Partnership, activity: Activity | None, data: ActivityData, files: list[NewFile],
           remove: list[int], started_from: int | None, stored: list[str], author: Author, today: datetime.date,
           revive: Activity | None) -> Activity:
    before = None
    spans: list[Span] = [(data.date, data.end_date)]
    if revive is not None:
        activity = revive  # a deleted activity restored under its id, as the version after its deletion
    elif activity is not None:
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if started_from is not None and activity.version != started_from:
            raise ActivityConflict(activity.pk)
        before = state_of(activity)
        spans.append((activity.date, activity.end_date))
        activity.version += 1
    else:
        activity = Activity(partnership=partnership)
    _frozen_check(partnership.pk, spans)
    kind = ActivityKind.objects.get(pk=data.kind_id)
    values: dict[str, Any] = {
        "kind": kind, "date": data.date, "end_date": data.end_date,
        "direction": data.direction if kind.directed else "", "title": data.title.strip()[:200],
        "note": data.note.strip(), "language": data.language, "side_id": data.side_id,
        "participants": {str(k): v for k, v in sorted(data.participants.items())},
        "contact_persons": data.contact_persons.strip(), "youth": data.youth,
        "young_people": data.young_people if data.youth else None,
        "languages": list(dict.fromkeys(data.languages)), "visibility": data.visibility}
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    activity.actors.all().delete()
    ActivityActor.objects.bulk_create([ActivityActor(activity=activity, position=i, kind=k, name=n.strip()[:200])
                                       for i, (k, n) in enumerate(dict.fromkeys(data.actors))])
    gone = list(activity.attachments.filter(id__in=remove))
    if gone:
        paths = [a.file.name for a in gone]
        Attachment.objects.filter(id__in=[a.pk for a in gone]).delete()
        transaction.on_commit(lambda: _forget_files(paths))
    made = _store(files, stored, today)
    for attachment in made:
        attachment.activity = activity
    Attachment.objects.bulk_create(made)
    after = state_of(activity)
    changed = [k for k in after if before is None or before.get(k) != after[k]]
    if before is not None and not changed and not remove and not files:
        activity.version -= 1  # nothing changed but perhaps the contact persons: no new version
        Activity.objects.filter(pk=activity.pk).update(version=activity.version)
        return activity
    revision_add(kind=HISTORY_KIND, object_id=activity.pk, state=after, changed=changed, author=author,
                 version=activity.version)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, author: Author) -> None:
    """Delete an activity and its files; the history keeps its last state, from which it can be restored.

    ActivityRefused when the activity lies in a closed period (registry/periods.py).
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _frozen_check(activity.partnership_id, [(activity.date, activity.end_date)])
    state = {**state_of(activity), "deleted": True}
    revision_add(kind=HISTORY_KIND, object_id=activity.pk, state=state, changed=["deleted"], author=author,
                 version=activity.version + 1)
    paths = list(activity.attachments.values_list("file", flat=True))
    activity.delete()
    transaction.on_commit(lambda: _forget_files(paths))


def data_from_state(state: State, *, members: set[int]) -> ActivityData:
    """A decoded revision state as data; sides that are no longer members are left out."""
    side = state["side_id"] if state["side_id"] in members else min(members)
    return ActivityData(
        kind_id=state["kind_id"], date=state["date"], end_date=state["end_date"], direction=state["direction"],
        title=state["title"], note=state["note"], language=state["language"], side_id=side,
        participants={int(k): v for k, v in state["participants"].items() if int(k) in members},
        youth=state["youth"], young_people=state["young_people"], languages=list(state["languages"]),
        actors=[(k, n) for k, n in state["actors"]], visibility=state["visibility"])


@transaction.atomic
def activity_restore(*, activity_id: int, state: State, author: Author, today: datetime.date) -> Activity:
    """Save an old state again as the newest version; a deleted activity comes back under its id.

    Files are not part of a restore: an activity keeps the files it has, a deleted one comes
    back without its files (they were deleted with it).
    """
    partnership = Partnership.objects.get(pk=state["partnership_id"])
    members = set(partnership.memberships.values_list("municipality_id", flat=True))
    data = data_from_state(state, members=members)
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is not None:
        data.contact_persons = activity.contact_persons
        return _save(partnership, activity, data, author, max(today, data.date), [], [], None)
    last = Revision.objects.filter(kind=HISTORY_KIND, object_id=activity_id).aggregate(v=Max("version"))["v"]
    revived = Activity(pk=activity_id, partnership=partnership, version=(last or 0) + 1)
    return _save(partnership, None, data, author, max(today, data.date), [], [], None, revive=revived)


def contact_persons_purge(_now: datetime.datetime, cutoff: datetime.datetime | None, dry_run: bool) -> int:
    """The contact persons of activities that ended before the retention period (personal data, retention.py)."""
    if cutoff is None:
        return 0
    old = Activity.objects.filter(date__lt=cutoff.date()).exclude(contact_persons="").filter(
        models.Q(end_date__isnull=True) | models.Q(end_date__lt=cutoff.date()))
    return old.count() if dry_run else old.update(contact_persons="")
