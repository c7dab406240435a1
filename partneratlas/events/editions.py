"""Writing series, editions, tracks and the programme (the organisers' side of the events).

Every function is a service: keyword-only, atomic, `now` passed in where dates matter. Changes that
participants must know (times, time zone, place, venue, address, online access, cancellation) raise
`edition.sequence` (the calendars' SEQUENCE) and send `events.signals.edition_changed` inside the
transaction, once per change; the messages part answers it with one message per participant.
Seats are changed only through the capacity piece (`pool_ensure`, `pool_resize`): lowering never evicts.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils.translation import gettext as _

from partneratlas.capacity import services as pools
from partneratlas.capacity.errors import CapacityError
from partneratlas.events.models import PARTNER, Edition, Series, Session, Track
from partneratlas.events.signals import edition_changed

NOTICED = ("starts_at", "ends_at", "time_zone", "place_id", "venue", "address", "online_url")  # participants are told
EDITABLE = (*NOTICED, "number", "titles", "descriptions", "host_id", "host_organisation_id", "languages",
            "registration_opens", "registration_closes", "needs_approval", "partner_regions_only",
            "participant_list", "questions_id", "feedback_id")


class EditionError(ValueError):
    """Refused: the message says why, in the organiser's language; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_times(values: dict[str, Any]) -> None:
    try:
        ZoneInfo(values.get("time_zone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EditionError(_("Unknown time zone “%(zone)s”.") % {"zone": values.get("time_zone")}) from exc
    if values["ends_at"] < values["starts_at"]:
        raise EditionError(_("The edition cannot end before it starts."))
    opens, closes = values.get("registration_opens"), values.get("registration_closes")
    if opens and closes and closes < opens:
        raise EditionError(_("Registration cannot close before it opens."))


@transaction.atomic
def series_save(*, series: Series | None, values: dict[str, Any]) -> Series:
    """Create or change a series (agency staff's task). Writes the Series row only."""
    every, anchor = values.get("every_years"), values.get("anchor_year")
    if every and not anchor:
        raise EditionError(_("A rotation needs its first year."))
    target = series or Series()
    for name, value in values.items():
        setattr(target, name, value)
    if Series.objects.filter(slug=target.slug).exclude(pk=target.pk).exists():
        raise EditionError(_("Another series already has the short name “%(slug)s”.") % {"slug": target.slug})
    target.save()
    return target


@transaction.atomic
def edition_create(*, series: Series, values: dict[str, Any], user: Any, now: datetime.datetime) -> Edition:
    """A new draft edition of the series, with one track for the whole event (`values["capacity"]` seats, default
    100, of which `values["reserved"]` are kept for partner delegates). Writes the edition, its track and pool."""
    capacity_, reserved = values.pop("capacity", 100), values.pop("reserved", 0)
    _check_times(values)
    edition = Edition(series=series, created_by=user if getattr(user, "is_authenticated", False) else None,
                      **{k: v for k, v in values.items() if k in EDITABLE})
    edition.save()
    track_add(edition=edition, names={}, capacity=capacity_, reserved=reserved, now=now)
    return edition


@transaction.atomic
def edition_update(*, edition: Edition, values: dict[str, Any], now: datetime.datetime) -> list[str]:
    """Change the edition's details; returns the names of the changed fields participants are told about.

    Side effects: when times, time zone, place, venue, address or online access change, `sequence` goes up
    by one and `edition_changed` is sent once (fields = those names)."""
    if edition.state == Edition.State.CANCELLED:
        raise EditionError(_("A cancelled edition cannot be changed."))
    merged = {name: getattr(edition, name) for name in EDITABLE} | {k: v for k, v in values.items() if k in EDITABLE}
    _check_times(merged)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    noticed = [name for name in NOTICED if getattr(locked, name) != merged[name]]
    for name in EDITABLE:
        setattr(edition, name, merged[name])
    if noticed and edition.state == Edition.State.PUBLISHED:
        edition.sequence = locked.sequence + 1
    edition.save()
    if noticed and edition.state == Edition.State.PUBLISHED:
        edition_changed.send(sender=Edition, edition=edition, fields=[n.removesuffix("_id") for n in noticed],
                             cancelled=False)
    return noticed


@transaction.atomic
def edition_publish(*, edition: Edition, now: datetime.datetime) -> Edition:
    """Make a draft public (calendar, series page, API). Writes the state only; no message (nobody registered)."""
    if edition.state != Edition.State.DRAFT:
        raise EditionError(_("Only a draft can be published."))
    if not edition.tracks.exists():
        raise EditionError(_("Add at least one track with seats before publishing."))
    edition.state = Edition.State.PUBLISHED
    edition.save(update_fields=["state", "updated_at"])
    return edition


@transaction.atomic
def edition_cancel(*, edition: Edition, now: datetime.datetime) -> Edition:
    """Cancel the edition: state cancelled, `cancelled_at` now, sequence + 1; sends `edition_changed`
    (cancelled=True) once, so every participant is told and their calendars drop the event."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.state == Edition.State.CANCELLED:
        raise EditionError(_("The edition is already cancelled."))
    was_public = locked.state == Edition.State.PUBLISHED
    edition.state, edition.cancelled_at = Edition.State.CANCELLED, now
    edition.sequence = locked.sequence + 1
    edition.save(update_fields=["state", "cancelled_at", "sequence", "updated_at"])
    if was_public:
        edition_changed.send(sender=Edition, edition=edition, fields=["state"], cancelled=True)
    return edition


@dataclass
class CloneResult:
    edition: Edition
    shift: datetime.timedelta
    copied: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def edition_clone(*, source: Edition, starts_on: datetime.date, user: Any, now: datetime.datetime) -> CloneResult:
    """A new draft edition like `source`, starting on `starts_on` at the same local hour: its dates, registration
    window and programme shifted by the same number of days; its tracks copied with new, empty pools of the same
    seats; languages, questions, feedback survey and settings copied; host, place and venue left for the organiser
    to set (a different host each year). Writes the edition, its tracks, pools and sessions; sends nothing."""
    zone = ZoneInfo(source.time_zone)
    local_start = source.starts_at.astimezone(zone)
    days = (starts_on - local_start.date()).days

    def moved(value: datetime.datetime) -> datetime.datetime:
        local = value.astimezone(zone)  # keep the local hour across a change of summer time
        day = local.date() + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, local.time(), tzinfo=zone).astimezone(datetime.UTC)

    def shifted(value: datetime.datetime | None) -> datetime.datetime | None:
        return None if value is None else moved(value)

    edition = Edition.objects.create(
        series=source.series, number=(source.number + 1) if source.number else None, titles={},
        descriptions=dict(source.descriptions), state=Edition.State.DRAFT, starts_at=moved(source.starts_at),
        ends_at=moved(source.ends_at), time_zone=source.time_zone, languages=list(source.languages),
        registration_opens=shifted(source.registration_opens), registration_closes=shifted(source.registration_closes),
        needs_approval=source.needs_approval, partner_regions_only=source.partner_regions_only,
        participant_list=source.participant_list, questions=source.questions, feedback=source.feedback,
        cloned_from=source, created_by=user if getattr(user, "is_authenticated", False) else None)
    tracks: dict[int, Track] = {}
    for track in source.tracks.select_related("pool").order_by("position", "pk"):
        tracks[track.pk] = track_add(edition=edition, names=dict(track.names), capacity=track.pool.capacity,
                                     reserved=track.pool.reserved, position=track.position,
                                     offer_hours=track.pool.offer_hours, now=now)
    sessions = [Session(edition=edition, track=tracks.get(s.track_id) if s.track_id else None, titles=dict(s.titles),
                        descriptions=dict(s.descriptions), starts_at=moved(s.starts_at), ends_at=moved(s.ends_at),
                        room=s.room, speakers=s.speakers, languages=list(s.languages),
                        interpretation=list(s.interpretation)) for s in source.sessions.all()]
    Session.objects.bulk_create(sessions)
    return CloneResult(edition=edition, shift=datetime.timedelta(days=days),
                       copied={"tracks": len(tracks), "sessions": len(sessions)})


def _seats(capacity_: int, reserved: int) -> None:
    if capacity_ < 0 or reserved < 0:
        raise EditionError(_("The number of seats cannot be negative."))
    if reserved > capacity_:
        raise EditionError(_("There cannot be more reserved seats (%(reserved)d) than seats (%(capacity)d).")
                           % {"reserved": reserved, "capacity": capacity_})


@transaction.atomic
def track_add(*, edition: Edition, names: dict[str, str], capacity: int, reserved: int = 0, position: int | None = None,
              offer_hours: int = 48, now: datetime.datetime) -> Track:
    """A track with its own pool of seats (`reserved` of them kept for partner delegates). Writes Track and Pool."""
    _seats(capacity, reserved)
    pool = capacity_pool(capacity=capacity, reserved=reserved, offer_hours=offer_hours, now=now)
    if position is None:
        position = edition.tracks.count()
    return Track.objects.create(edition=edition, names=names, position=position, pool=pool)


def capacity_pool(*, capacity: int, reserved: int, offer_hours: int, now: datetime.datetime) -> Any:
    """A new pool of seats for a track, the reserved ones kept for partner delegates."""
    return pools.pool_ensure(key=f"events.track:{uuid.uuid4().hex}", capacity=capacity, reserved=reserved,
                                reserved_for=PARTNER, offer_hours=offer_hours, now=now)


@transaction.atomic
def track_update(*, track: Track, names: dict[str, str], capacity: int, reserved: int, position: int,
                 now: datetime.datetime) -> Track:
    """Rename or move the track and set its seats through `capacity.pool_resize`: lowering keeps everyone who
    holds a seat, raising offers the new seats to those waiting at once (capacity's claims_changed)."""
    _seats(capacity, reserved)
    try:
        pools.pool_resize(pool=track.pool, capacity=capacity, reserved=reserved, now=now)
    except CapacityError as exc:
        raise EditionError(exc.message) from exc
    track.names, track.position = names, position
    track.save(update_fields=["names", "position"])
    return track


@transaction.atomic
def track_delete(*, track: Track) -> None:
    """Remove a track nobody registered for (its pool too). Refused once it has registrations."""
    if track.registrations.exists():
        raise EditionError(_("People are registered for this track; it cannot be removed. Set its seats instead."))
    if track.edition.tracks.count() == 1:
        raise EditionError(_("An edition needs at least one track."))
    pool = track.pool
    track.delete()
    pool.delete()


@transaction.atomic
def session_save(*, edition: Edition, session: Session | None, values: dict[str, Any]) -> Session:
    """Add or change an item of the programme. It must lie within the edition's days; writes the Session row."""
    target = session or Session(edition=edition)
    for name, value in values.items():
        setattr(target, name, value)
    if target.ends_at < target.starts_at:
        raise EditionError(_("A session cannot end before it starts."))
    zone = ZoneInfo(edition.time_zone)
    first, last = edition.starts_at.astimezone(zone).date(), edition.ends_at.astimezone(zone).date()
    if not (first <= target.starts_at.astimezone(zone).date() <= last
            and first <= target.ends_at.astimezone(zone).date() <= last):
        raise EditionError(_("The session must take place on the days of the edition (%(first)s to %(last)s).")
                           % {"first": first.isoformat(), "last": last.isoformat()})
    if target.track is not None and target.track.edition_id != edition.pk:
        raise EditionError(_("That track belongs to another edition."))
    target.save()
    return target


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Remove an item of the programme."""
    session.delete()
