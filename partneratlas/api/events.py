"""GET /api/v1/events/…: event series, their public editions, and one edition with its programme and free seats.

Public and read-only, as the calendar: published and cancelled editions (drafts never). Texts that
the organisers keep per language are answered in the reader's language (Accept-Language), with
all languages beside. Times are ISO 8601 in UTC; `time_zone` says where they are shown.
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from partneratlas.api.paging import MAX_ID, PageParams, page
from partneratlas.api.schemas import ErrorOut
from partneratlas.events import selectors
from partneratlas.events.models import Edition, Format, Series, WorldRegion

router = Router()


class SeriesOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    format: str
    format_label: str
    level: str | None
    region: str | None
    network: str | None = Field(description="The slug of the network whose meetings these are")
    organiser: str
    every_years: int | None = Field(description="A rotation: held every … years from anchor_year")
    anchor_year: int | None
    url: str
    calendar: str = Field(description="The .ics feed of all its editions")


class SeriesPage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    results: list[SeriesOut]


class PlaceOut(Schema):
    ref: str
    name: str


class EditionOut(Schema):
    id: int
    uid: str = Field(description="The calendar's stable id (the .ics UID is <uid>@partneratlas)")
    series: str
    number: int | None
    title: str
    state: str = Field(description="published or cancelled")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    place: PlaceOut | None
    venue: str
    host: PlaceOut | None
    languages: list[str]
    registration_opens: datetime.datetime | None
    registration_closes: datetime.datetime | None
    url: str
    calendar: str


class EditionPage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    results: list[EditionOut]


class TrackOut(Schema):
    id: int
    name: str
    capacity: int
    reserved_for_partners: int
    free: int = Field(description="Seats free now for anyone")
    free_for_partners: int = Field(description="Seats free now for partner delegates (incl. the reserved ones)")
    waiting: int


class SessionOut(Schema):
    id: int
    title: str
    titles: dict[str, str]
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    track: int | None
    room: str
    speakers: list[str]
    languages: list[str]
    interpretation: list[list[str]]


class EditionDetailOut(EditionOut):
    description: str
    address: str
    online_url: str
    tracks: list[TrackOut]
    programme: list[SessionOut]


class EditionFilter(Schema):
    series: str | None = Field(None, max_length=50, description="A series' slug, e.g. round-table-china")
    region: WorldRegion | None = None
    format: Format | None = None
    language: str | None = Field(None, max_length=5, description="A language of the edition: de, en, zh …")
    year: int | None = Field(None, ge=1900, le=2200)
    when: str | None = Field(None, pattern="^(upcoming|past)$", description="upcoming (default) or past")


def _absolute(request: HttpRequest, name: str, *args: Any) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _series_out(request: HttpRequest, s: Series) -> dict[str, Any]:
    return {"slug": s.slug, "name": s.name, "names": s.names, "format": s.format,
            "format_label": s.get_format_display(),
            "level": s.level or None, "region": s.region or None, "network": s.network.slug if s.network else None,
            "organiser": s.organiser.name, "every_years": s.every_years, "anchor_year": s.anchor_year,
            "url": _absolute(request, "events:series", s.slug),
            "calendar": _absolute(request, "events:series-ics", s.slug)}


def _place(m: Any) -> dict[str, str] | None:
    return {"ref": m.ref, "name": m.display_name} if m is not None else None


def _edition_out(request: HttpRequest, e: Edition) -> dict[str, Any]:
    return {"id": e.pk, "uid": str(e.uid), "series": e.series.slug, "number": e.number, "title": e.title,
            "state": e.state, "starts_at": e.starts_at, "ends_at": e.ends_at, "time_zone": e.time_zone,
            "place": _place(e.place), "venue": e.venue, "host": _place(e.host), "languages": e.languages,
            "registration_opens": e.registration_opens, "registration_closes": e.registration_closes,
            "url": _absolute(request, "events:edition", e.pk),
            "calendar": _absolute(request, "events:edition-ics", e.pk)}


@router.get("/series", response={200: SeriesPage, 422: ErrorOut}, summary="Event series")
def list_series(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Every series (round tables, trainings, regional conferences, network meetings …) by format and slug."""
    qs = selectors.series_list()
    items = [_series_out(request, s) for s in qs[paging.offset:paging.offset + paging.limit]]
    return page(request, paging, qs.count(), items)


@router.get("/editions", response={200: EditionPage, 422: ErrorOut}, summary="Editions")
def list_editions(request: HttpRequest, filters: Query[EditionFilter], paging: Query[PageParams]) -> dict[str, Any]:
    """The calendar: upcoming editions soonest first, or past ones newest first, or one year's in date order."""
    wanted = selectors.CalendarFilter.clean({
        "region": filters.region or "", "format": filters.format or "", "language": filters.language or "",
        "year": filters.year or "", "when": filters.when or ""})
    qs = selectors.calendar(wanted, now=timezone.now())
    if filters.series:
        qs = qs.filter(series__slug=filters.series)
    items = [_edition_out(request, e) for e in qs[paging.offset:paging.offset + paging.limit]]
    return page(request, paging, qs.count(), items)


@router.get("/editions/{edition_id}", response={200: EditionDetailOut, 404: ErrorOut}, summary="One edition")
def get_edition(request: HttpRequest, edition_id: str) -> dict[str, Any]:
    """An edition with its programme and, per track, the seats free now."""
    number = int(edition_id) if edition_id.isascii() and edition_id.isdigit() and len(edition_id) < 20 else 0
    found = (Edition.objects.filter(pk=number, state__in=selectors.PUBLIC_STATES).first()
             if 0 < number <= MAX_ID else None)
    if found is None:
        raise Http404(_("No public edition %(id)s.") % {"id": edition_id})
    edition = selectors.edition_detail(found)
    seats = {row.track.pk: row for row in selectors.tracks_with_seats(edition)}
    return {**_edition_out(request, edition), "description": _text(edition.descriptions),
            "address": edition.address, "online_url": edition.online_url,
            "tracks": [{"id": t.pk, "name": t.name, "capacity": seats[t.pk].capacity,
                        "reserved_for_partners": seats[t.pk].reserved, "free": seats[t.pk].free,
                        "free_for_partners": seats[t.pk].free_partner, "waiting": seats[t.pk].waiting}
                       for t in edition.tracks.all()],
            "programme": [{"id": s.pk, "title": s.title, "titles": s.titles, "starts_at": s.starts_at,
                           "ends_at": s.ends_at, "track": s.track_id, "room": s.room,
                           "speakers": [line.strip() for line in s.speakers.splitlines() if line.strip()],
                           "languages": s.languages, "interpretation": s.interpretation}
                          for s in edition.sessions.all()]}


def _text(values: dict[str, str]) -> str:
    from partneratlas.i18n import pick

    return pick(values, next(iter(values.values()), "") if values else "")
