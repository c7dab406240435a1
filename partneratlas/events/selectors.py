"""Reads of the events capability that pages, the API and other apps share (series, editions, networks).

Other capabilities and the atlas read events only through this module (e.g. a municipality page's
`networks_and_events_of`).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from partneratlas.capacity import selectors as seats
from partneratlas.events.access import organises, organising_organisations
from partneratlas.events.models import (
    Edition,
    Format,
    Network,
    NetworkMember,
    Registration,
    Series,
    Session,
    Track,
    WorldRegion,
)
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.access import access_of
from partneratlas.site.shortcuts import object_or_404

PUBLIC_STATES = (Edition.State.PUBLISHED, Edition.State.CANCELLED)
LANGUAGE_CODES = ("de", "en", "zh", "fr", "es", "pt", "ru", "uk", "ar")


@dataclass(frozen=True)
class CalendarFilter:
    """The public calendar's filters; empty values filter nothing. Unknown values are dropped by `clean`."""

    region: str = ""
    format: str = ""
    language: str = ""
    year: int | None = None
    past: bool = False

    @classmethod
    def clean(cls, data: Any) -> "CalendarFilter":
        region = data.get("region", "") if data.get("region", "") in WorldRegion.values else ""
        fmt = data.get("format", "") if data.get("format", "") in Format.values else ""
        language = data.get("language", "") if data.get("language", "") in LANGUAGE_CODES else ""
        year_text = str(data.get("year", "")).strip()
        number = int(year_text) if year_text.isascii() and year_text.isdigit() and len(year_text) == 4 else 0
        year = number if 1900 <= number <= 2200 else None
        return cls(region=region, format=fmt, language=language, year=year, past=data.get("when") == "past")


def _listed() -> QuerySet[Edition]:
    return Edition.objects.select_related("series", "place", "host").defer(
        "descriptions", "series__descriptions", "place__alternative_names", "host__alternative_names")


def visible_editions(user: Any) -> QuerySet[Edition]:
    """Published and cancelled editions, and the drafts the user organises."""
    if access_of(user).staff:
        return Edition.objects.all()
    orgs = organising_organisations(user)
    return Edition.objects.filter(Q(state__in=PUBLIC_STATES) | Q(series__organiser_id__in=orgs)
                                  | Q(host_organisation_id__in=orgs))


def calendar(filters: CalendarFilter, *, now: datetime.datetime) -> QuerySet[Edition]:
    """The public calendar: published (and cancelled, marked) editions; upcoming ones soonest first, or with
    `past` the ones that ended, newest first; a year shows that year's editions in date order."""
    qs = _listed().filter(state__in=PUBLIC_STATES)
    if filters.region:
        qs = qs.filter(series__region=filters.region)
    if filters.format:
        qs = qs.filter(series__format=filters.format)
    if filters.language:
        qs = qs.filter(languages__icontains=f'"{filters.language}"')
    if filters.year:
        return qs.filter(starts_at__year=filters.year).order_by("starts_at", "pk")
    if filters.past:
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return qs.filter(ends_at__gte=now).order_by("starts_at", "pk")


def upcoming(*, now: datetime.datetime, series: Series | None = None, limit: int | None = None) -> list[Edition]:
    """Published editions that have not ended, soonest first (of one series when given)."""
    qs = _listed().filter(state=Edition.State.PUBLISHED, ends_at__gte=now).order_by("starts_at", "pk")
    if series is not None:
        qs = qs.filter(series=series)
    return list(qs[:limit] if limit else qs)


def support_for(*, criteria: list[str], now: datetime.datetime, limit: int = 3) -> dict[str, list[Edition]]:
    """Per check-up criterion, the published upcoming editions of the series that help with it, soonest first (the
    check-up's advice on weak criteria). Two queries; the series are few, so their criteria are read in Python
    (SQLite has no JSON containment)."""
    helps: dict[int, set[str]] = {}
    for pk, codes in Series.objects.exclude(criteria=[]).values_list("pk", "criteria"):
        if wanted := set(criteria) & set(codes or []):
            helps[pk] = wanted
    found: dict[str, list[Edition]] = {}
    if not helps:
        return found
    for edition in _listed().filter(series_id__in=helps, state=Edition.State.PUBLISHED, starts_at__gte=now).order_by(
            "starts_at", "pk")[:limit * len(criteria)]:
        for code in helps[edition.series_id]:
            if len(found.setdefault(code, [])) < limit:
                found[code].append(edition)
    return found


def edition_for(user: Any, pk: Any) -> Edition:
    """The edition if the user may see it (drafts only for their organisers), else 404."""
    edition = object_or_404(Edition.objects.select_related("series__organiser", "series__network", "place", "host",
                                                           "host_organisation", "cloned_from"), pk=pk)
    if edition.state == Edition.State.DRAFT and not organises(user, edition):
        raise Http404
    return edition


def series_for(slug: Any) -> Series:
    return object_or_404(Series.objects.select_related("organiser", "network").prefetch_related(
        "rotation_overrides"), slug=slug)


def series_list() -> QuerySet[Series]:
    return Series.objects.select_related("organiser", "network").order_by("format", "slug")


def history(series: Series, user: Any) -> list[Edition]:
    """All editions of the series the user may see, newest first, with host and place."""
    qs = visible_editions(user).filter(series=series).select_related("place", "host", "series")
    return list(qs.order_by("-starts_at", "-pk"))


def last_edition(series: Series) -> Edition | None:
    """The newest edition of the series (any state): what a new edition is cloned from."""
    return Edition.objects.filter(series=series).order_by("-starts_at", "-pk").first()


@dataclass
class TrackSeats:
    track: Track
    capacity: int
    reserved: int
    free: int
    free_partner: int
    waiting: int


def tracks_with_seats(edition: Edition) -> list[TrackSeats]:
    """The edition's tracks with their seats now: capacity, reserved for partner delegates, free, waiting."""
    from partneratlas.events.models import PARTNER

    rows = []
    for track in edition.tracks.select_related("pool").order_by("position", "pk"):
        seen = seats.availability(track.pool)
        rows.append(TrackSeats(track=track, capacity=track.pool.capacity, reserved=track.pool.reserved,
                               free=seen.free_for(""), free_partner=seen.free_for(PARTNER), waiting=seen.waiting))
    return rows


def programme(edition: Edition) -> QuerySet[Session]:
    return edition.sessions.select_related("track").order_by("starts_at", "pk")


def network_for(slug: Any) -> Network:
    return object_or_404(Network.objects.select_related("coordinator"), slug=slug)


def networks() -> QuerySet[Network]:
    return Network.objects.select_related("coordinator").order_by("slug")


def network_members(network: Network) -> QuerySet[NetworkMember]:
    return network.members.select_related("municipality", "organisation").order_by(
        "municipality__name", "organisation__name", "pk")


@dataclass
class Involvement:
    """A municipality in the events: its networks, the editions it hosted, and those its people attended."""

    networks: list[Network] = field(default_factory=list)
    hosted: list[Edition] = field(default_factory=list)
    attended: list[Edition] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.networks or self.hosted or self.attended)


def networks_and_events_of(municipality: Municipality) -> Involvement:
    """For the municipality's page: the networks it is a member of, the public editions it hosted, and the
    public editions someone of it attended (checked in) or registered for with a confirmed seat. Three queries."""
    nets = list(Network.objects.filter(members__municipality=municipality).distinct().order_by("slug"))
    public = _listed().filter(state__in=PUBLIC_STATES)
    hosted = list(public.filter(host=municipality).order_by("-starts_at"))
    took_part = Registration.objects.filter(municipality=municipality).filter(
        Q(attended_at__isnull=False) | Q(state="confirmed")).values("edition_id")
    attended = list(public.filter(pk__in=took_part).exclude(host=municipality).order_by("-starts_at"))
    return Involvement(networks=nets, hosted=hosted, attended=attended)


def municipalities_at(edition: Edition) -> list[Municipality]:
    """The municipalities whose people attended the edition (checked in), by name: who was there."""
    ids = Registration.objects.filter(edition=edition, attended_at__isnull=False, municipality__isnull=False
                                      ).values("municipality_id")
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def editions_of_network(network: Network, user: Any) -> list[Edition]:
    """The editions of the network's meeting series the user may see, newest first."""
    return list(visible_editions(user).filter(series__network=network).select_related("series", "place", "host")
                .order_by("-starts_at", "-pk"))


def edition_detail(edition: Edition) -> Edition:
    """The edition with its tracks and programme read at once (for the API and the page)."""
    return Edition.objects.prefetch_related(
        Prefetch("tracks", queryset=Track.objects.select_related("pool").order_by("position", "pk")),
        Prefetch("sessions", queryset=Session.objects.select_related("track").order_by("starts_at", "pk")),
    ).select_related("series", "place", "host").get(pk=edition.pk)
