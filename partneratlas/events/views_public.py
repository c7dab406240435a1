"""Public pages: the calendar with filters, an edition, a series with its history and rotation, networks, .ics.

Everyone sees published and cancelled editions; drafts only their organisers (events.access).
The edition page includes the other parts' boxes (registration, documents, the record after it).
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from partneratlas.events import selectors
from partneratlas.events.access import organises, organises_series
from partneratlas.events.calendar import edition_ics, series_ics, zone_of
from partneratlas.events.models import Edition, Format, WorldRegion
from partneratlas.events.networks import keeps
from partneratlas.events.rotation import rotation_plan
from partneratlas.events.selectors import LANGUAGE_CODES, CalendarFilter
from partneratlas.i18n import language_name, pick

PER_PAGE = 50
ROTATION_YEARS_AHEAD = 6


def _language() -> str:
    return (get_language() or "de").split("-")[0]


def calendar_page(request: HttpRequest) -> HttpResponse:
    """Upcoming editions, soonest first (or past ones, or one year's), filtered by region, format and language."""
    filters = CalendarFilter.clean(request.GET)
    now = timezone.now()
    page = Paginator(selectors.calendar(filters, now=now), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/core/calendar.html", {
        "page": page, "filters": filters, "query": query.urlencode(), "now": now,
        "regions": WorldRegion.choices, "formats": Format.choices,
        "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
        "years": range(now.year + 2, 2009, -1)})


def _when(edition: Edition) -> dict[str, Any]:
    zone = zone_of(edition.time_zone)
    return {"start": edition.starts_at.astimezone(zone), "end": edition.ends_at.astimezone(zone),
            "zone": zone.key}


def edition_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """An edition: when (in its time zone), where, host, languages, tracks with free seats, programme."""
    edition = selectors.edition_for(request.user, pk)
    organiser = organises(request.user, edition)
    sessions = list(selectors.programme(edition))
    zone = zone_of(edition.time_zone)
    days: dict[datetime.date, list[Any]] = {}
    for session in sessions:
        session.local_start = session.starts_at.astimezone(zone)  # type: ignore[attr-defined]
        session.local_end = session.ends_at.astimezone(zone)  # type: ignore[attr-defined]
        days.setdefault(session.local_start.date(), []).append(session)  # type: ignore[attr-defined]
    return render(request, "events/core/edition.html", {
        "edition": edition, "organiser": organiser, "when": _when(edition),
        "tracks": selectors.tracks_with_seats(edition),
        "days": sorted(days.items()), "languages": [language_name(c) for c in edition.languages],
        "ended": edition.ends_at < timezone.now(), "description": pick(edition.descriptions),
        "attended": selectors.municipalities_at(edition) if edition.starts_at <= timezone.now() else []})


def edition_calendar(request: HttpRequest, pk: Any) -> HttpResponse:
    """The edition as an .ics file in the page's language."""
    edition = selectors.edition_for(request.user, pk)
    response = HttpResponse(edition_ics(edition, language=_language()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="edition-{edition.pk}.ics"'
    return response


def series_index(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.series_list())
    return render(request, "events/core/series_list.html", {"series_list": rows})


def series_page(request: HttpRequest, slug: Any) -> HttpResponse:
    """A series: what it is, its upcoming and past editions (host, place), and for a rotation which years are due."""
    series = selectors.series_for(slug)
    editions = selectors.history(series, request.user)
    for edition in editions:
        edition.when = _when(edition)  # type: ignore[attr-defined]
    plan = None
    if series.every_years:
        this_year = timezone.localdate().year
        held = {e.starts_at.year for e in editions if e.state != Edition.State.CANCELLED}
        exceptions = {o.year: o.reason for o in series.rotation_overrides.all()}
        plan = [(year, bool(due), year in exceptions, exceptions.get(year, ""), year in held)
                for year, due in rotation_plan([series], first=this_year - 3, last=this_year + ROTATION_YEARS_AHEAD)]
    return render(request, "events/core/series.html", {
        "series": series, "editions": editions, "plan": plan, "organiser": organises_series(request.user, series),
        "last": editions[0] if editions else None, "description": pick(series.descriptions)})


def series_calendar(request: HttpRequest, slug: Any) -> HttpResponse:
    """The feed of the series: every published or cancelled edition (the drafts never)."""
    series = selectors.series_for(slug)
    editions = list(series.editions.filter(state__in=selectors.PUBLIC_STATES).select_related(
        "series__organiser", "place").order_by("starts_at", "pk"))
    response = HttpResponse(series_ics(series, editions, language=_language()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{series.slug}.ics"'
    return response


def rotation_page(request: HttpRequest) -> HttpResponse:
    """Which region's conference is due in which year: all series with a rotation side by side."""
    this_year = timezone.localdate().year
    rotating = list(selectors.series_list().filter(every_years__isnull=False).prefetch_related("rotation_overrides"))
    plan = rotation_plan(rotating, first=this_year - 3, last=this_year + ROTATION_YEARS_AHEAD)
    return render(request, "events/core/rotation.html", {"plan": plan, "rotating": rotating, "this_year": this_year})


def network_index(request: HttpRequest) -> HttpResponse:
    return render(request, "events/core/networks.html", {"networks": list(selectors.networks()),
                                                         "may_add": keeps(request.user, None)})


def network_page(request: HttpRequest, slug: Any) -> HttpResponse:
    """A network: its coordinator, member municipalities and organisations, and its meeting series' editions."""
    network = selectors.network_for(slug)
    editions = selectors.editions_of_network(network, request.user)
    for edition in editions:
        edition.when = _when(edition)  # type: ignore[attr-defined]
    return render(request, "events/core/network.html", {
        "network": network, "members": list(selectors.network_members(network)),
        "series_list": list(network.series.order_by("slug")), "editions": editions,
        "may_edit": keeps(request.user, network)})
