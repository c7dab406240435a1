"""/api/v1/events/…: event series, their public editions, one edition with its programme and free seats; and
registering for an edition.

The reads are public, as the calendar: published and cancelled editions (drafts never). Texts that
the organisers keep per language are answered in the reader's language (Accept-Language), with
all languages beside. Times are ISO 8601 in UTC; `time_zone` says where they are shown.

Registering is the one writing operation of the API: a signed-in person (a personal token, or the
session with its CSRF token) registers themself, through the same service as the form
(`events.registering.registration_create`: the capacity piece decides confirmed, waiting or
requested, in one transaction), and reads their own registrations.
"""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.utils import check_csrf
from pydantic import ConfigDict, ValidationError, field_validator

from partneratlas.api.auth import PersonalToken, Session, reader_of
from partneratlas.api.members import answer
from partneratlas.api.paging import MAX_ID, PageParams, page
from partneratlas.api.rendering import json_response
from partneratlas.api.schemas import ErrorOut
from partneratlas.capacity.models import Claim, ClaimState
from partneratlas.capacity.selectors import waiting_position
from partneratlas.events import registering, selectors
from partneratlas.events.models import ACTIVE_STATES, Edition, Format, Registration, Series, WorldRegion
from partneratlas.events.registering import CONSENT, Person, Refused
from partneratlas.gazetteer.models import Country
from partneratlas.notifications.selectors import language_of

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


# --- registering: a signed-in person registers themself, and reads their own registrations ----------------------

class SessionWithCsrf(Session):
    """The session of a person signed in to the site, for registering: POST needs the CSRF token (X-CSRFToken)."""

    openapi_description = "The session of a person signed in to the site; a POST sends the CSRF token from the " \
                          "csrftoken cookie as the X-CSRFToken header."

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # nobody signed in: 401, not a CSRF refusal
        if check_csrf(request):
            raise HttpError(403, _("The security token (CSRF) is missing or wrong: send the csrftoken cookie's "
                                   "value as the X-CSRFToken header, or use a personal API token."))
        return request.COOKIES.get(self.param_name)


PERSON = [PersonalToken(), SessionWithCsrf()]  # a signed-in person, never the public


class RegistrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    track: int | None = Field(None, ge=1, le=MAX_ID, description="The track's id; may be left out when the edition "
                                                                  "has one track")
    language: str | None = Field(None, max_length=10, description="de, en or zh-hans: messages, letters and the "
                                                                   "certificate; default: the account's language")
    organisation_name: str = Field("", max_length=200)
    partner_delegate: bool = Field(False, description="A representative of a partner municipality abroad")
    country: str | None = Field(None, min_length=2, max_length=2, description="ISO code of the partner "
                                                                              "delegate's country, e.g. CN")
    visa_needed: bool = False
    show_name: bool = Field(False, description="The participant list may show the name (nothing is shown by "
                                               "default)")
    show_organisation: bool = False
    show_municipality: bool = False
    show_photo: bool = False

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in dict(settings.LANGUAGES):
            raise ValueError(f"one of {', '.join(dict(settings.LANGUAGES))}")
        return value.lower() if value else None


class RegistrationLinks(Schema):
    page: str | None = Field(description="The person's own page: state, accept or decline an offer, consent, "
                                          "cancel (a personal link: keep it private); null when it was revoked")
    calendar: str | None
    questions: str | None = Field(description="The edition's questions (dietary needs, workshops …), if it asks any")
    edition: str


class RegistrationOut(Schema):
    id: int
    edition: int
    edition_title: str
    starts_at: datetime.datetime
    track: int
    track_name: str
    state: str = Field(description="confirmed, waiting, requested (awaiting the organisers' approval), offered, "
                                   "cancelled, declined, expired or rejected")
    state_label: str
    waiting_position: int | None = Field(description="Place on the waiting list (1 = next), null unless waiting")
    outside_region: bool = Field(description="A partner delegate from a country outside the region's ODA list: "
                                             "the organisers decide")
    language: str
    links: RegistrationLinks


class RegistrationMade(RegistrationOut):
    message: str = Field(description="What happens now, in the reader's language")


class RegistrationList(Schema):
    count: int
    results: list[RegistrationOut]


def _registration_out(request: HttpRequest, r: Registration, position: int | None) -> dict[str, Any]:
    token = registering.link_token(r) if r.link_hash else None
    with override(r.language):  # the pages in the person's language, as the links in their messages
        links = {name: request.build_absolute_uri(reverse(f"events:{view}", args=[token])) if token else None
                 for name, view in (("page", "registration-link"), ("calendar", "registration-ics"),
                                    ("questions", "registration-questions"))}
        links["edition"] = _absolute(request, "events:edition", r.edition_id)
    if not r.edition.questions_id:
        links["questions"] = None
    return {"id": r.pk, "edition": r.edition_id, "edition_title": r.edition.title, "starts_at": r.edition.starts_at,
            "track": r.track_id, "track_name": r.track.name, "state": r.state, "state_label": r.get_state_display(),
            "waiting_position": position if r.state == ClaimState.WAITING else None,
            "outside_region": r.outside_region, "language": r.language, "links": links}


def _refusal(status: int, detail: str, errors: Sequence[Mapping[str, object]] | None = None) -> HttpResponse:
    return json_response({"detail": detail, "errors": errors or []}, status=status)


def _bad_body(exc: ValidationError) -> HttpResponse:
    errors = [{"parameter": ".".join(str(part) for part in e["loc"]) or "body", "message": _("invalid value"),
               "detail": e["msg"]} for e in exc.errors()]
    return _refusal(400, _("Invalid request body: %(names)s") % {"names": ", ".join(str(e["parameter"])
                                                                                   for e in errors)}, errors)


def _said(state: str) -> str:
    return {
        "confirmed": _("You are registered: your seat is confirmed. A confirmation is on its way by e-mail."),
        "waiting": _("The event is full: you are on the waiting list. When a seat becomes free it is offered to you "
                     "by e-mail."),
        "requested": _("Your registration awaits the organisers' approval; you will hear from them by e-mail."),
    }.get(state, "")


@router.post("/editions/{edition_id}/registrations", auth=PERSON, summary="Register for an edition",
             response={201: RegistrationMade, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut},
             openapi_extra={"requestBody": {"required": False, "content": {"application/json": {
                 "schema": RegistrationIn.model_json_schema()}}}})
def register(request: HttpRequest, edition_id: str) -> HttpResponse:
    """The signed-in person registers themself (name and e-mail from their account), as the form does."""
    reader = reader_of(request)
    user = reader.user
    number = int(edition_id) if edition_id.isascii() and edition_id.isdigit() and len(edition_id) < 20 else 0
    edition = (Edition.objects.select_related("series").filter(pk=number, state__in=selectors.PUBLIC_STATES).first()
               if 0 < number <= MAX_ID else None)
    if edition is None:
        raise Http404(_("No public edition %(id)s.") % {"id": edition_id})
    try:
        body = RegistrationIn.model_validate_json(request.body or b"{}")
    except ValidationError as exc:
        return _bad_body(exc)
    tracks = list(edition.tracks.select_related("pool"))
    if body.track is None and len(tracks) != 1:
        return _refusal(400, _("This event has several tracks: please name one (“track”: %(ids)s).")
                        % {"ids": ", ".join(str(t.pk) for t in tracks)}, [{"parameter": "track"}])
    track = tracks[0] if body.track is None else next((t for t in tracks if t.pk == body.track), None)
    if track is None:
        raise Http404(_("No track %(id)s in this event.") % {"id": body.track})
    country = Country.objects.filter(code=body.country.upper()).first() if body.country else None
    if body.country and country is None:
        return _refusal(400, _("Unknown country “%(code)s”.") % {"code": body.country}, [{"parameter": "country"}])
    person = Person(name=user.get_full_name() or user.username, email=user.email or "",
                    language=body.language or language_of(user), organisation_name=body.organisation_name,
                    country=country, partner_delegate=body.partner_delegate, visa_needed=body.visa_needed,
                    **{key: getattr(body, key) for key in CONSENT})
    now = timezone.now()
    try:
        made = registering.registration_create(edition=edition, track=track, person=person, user=user, now=now)
    except Refused as exc:
        already = registering.is_open(edition, now) and Registration.objects.filter(
            edition=edition, email=person.email.strip().lower(), state__in=ACTIVE_STATES).exists()
        return _refusal(409 if already else 400, exc.message)
    made.edition, made.track = edition, track
    position = waiting_position(made.claim) if made.claim is not None else None
    response = answer({**_registration_out(request, made, position), "message": _said(made.state)}, reader)
    response.status_code = 201
    return response


@router.get("/registrations", auth=PERSON, summary="My registrations",
            response={200: RegistrationList, 401: ErrorOut, 403: ErrorOut})
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own registrations (made with their account), newest first; one query."""
    reader = reader_of(request)
    claim = "claim__waiting_since"
    ahead = (Claim.objects.filter(Q(waiting_since__lt=OuterRef(claim))
                                  | Q(waiting_since=OuterRef(claim), id__lt=OuterRef("claim_id")),
                                  pool_id=OuterRef("claim__pool_id"), state=ClaimState.WAITING)
             .order_by().values("pool_id").annotate(n=Count("id")).values("n"))
    rows = (Registration.objects.filter(user=reader.user).select_related("edition__series", "track")
            .annotate(ahead=Coalesce(Subquery(ahead), 0)).order_by("-created_at", "-pk"))
    results = [_registration_out(request, r, r.ahead + 1) for r in rows]
    return answer({"count": len(results), "results": results}, reader)
