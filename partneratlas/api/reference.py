"""The API reference for people: a page in the site's frame and language, built from the OpenAPI schema.

The endpoints, parameters, value ranges and defaults come from the schema the code declares, so
the page cannot drift from the API; what they mean is written here, translated. A parameter the
schema has and this module does not describe fails `test_reference_describes_every_parameter`.
`/api/v1/docs` leads here, in the reader's language, in place of django-ninja's Swagger UI
(English only, outside the site, with contrast and structure problems axe reports).
"""

import functools
import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.api.paging import MAX_ID
from partneratlas.registry.models import Partnership

# What each operation does, by (method, path): a title, what it answers, an example query.
OPERATIONS: dict[tuple[str, str], tuple[Promise, Promise, str]] = {
    ("get", "/api/v1/partnerships"): (
        gettext_lazy("List partnerships"),
        gettext_lazy("Published partnerships with their members, kind, status and its history, themes, SDGs, "
                     "actors and council resolutions; filtered, sorted and page by page."),
        "?country=CN&limit=5"),
    ("get", "/api/v1/partnerships/{uid}"): (
        gettext_lazy("One partnership"),
        gettext_lazy("A published partnership by its PartnerAtlas id (a UUID, the “id” of a list entry)."), ""),
    ("get", "/api/v1/municipalities"): (
        gettext_lazy("Search municipalities"),
        gettext_lazy("Places of the gazetteer, the largest first: towns, districts, states, provinces and "
                     "countries, with their names in the reader's language, coordinates and identifiers."),
        "?q=Wuppertal"),
    ("get", "/api/v1/municipalities/{ref}"): (
        gettext_lazy("One municipality"),
        gettext_lazy("A place by its gazetteer reference (gn:2805753, adm1:DE.08, country:RW) or its numeric id."),
        "gn:2805753"),
    ("get", "/api/v1/statistics"): (
        gettext_lazy("Statistics"),
        gettext_lazy("Partnerships counted by partner country, kind, German state, decade founded, status, SDG and "
                     "theme, for the same filters as the list. A partnership counts once for each value it has, so "
                     "the counts of one dimension may add up to more than the total."),
        "?country=CN"),
    ("get", "/api/v1/partnerships/{uid}/activities"): (
        gettext_lazy("Activities of a partnership"),
        gettext_lazy("The activity log, newest first: kind, dates, direction, title and note, the side that logged "
                     "it, participants, actors, young people, languages, and its photos and documents described "
                     "(not sent). The public reads the public activities of a published partnership, with photos "
                     "only where the people shown agreed; members and the Servicestelle read all of them. Contact "
                     "persons are never in the API."),
        ""),
    ("get", "/api/v1/partnerships/{uid}/checkup/rounds"): (
        gettext_lazy("Check-up rounds of a partnership"),
        gettext_lazy("For members and the Servicestelle: the partnership's check-up rounds, newest first, with their "
                     "dates, the questionnaire's version, the state and for each side whether it has submitted. "
                     "Never answers or scores."),
        ""),
    ("get", "/api/v1/checkup/rounds/{round_id}"): (
        gettext_lazy("One check-up round"),
        gettext_lazy("A round as in the list and, once it is unsealed, its results: the scores per criterion, part "
                     "and dimension of each side with the number of answers, the perception gap and whether it is "
                     "flagged, and the weak criteria with advice; the same numbers as the round's page. While the "
                     "round is sealed, “results” is null. For members and the Servicestelle, and for everyone when "
                     "the partnership has published the round's results."),
        ""),
    ("get", "/api/v1/partnerships/{uid}/indicators"): (
        gettext_lazy("Indicators of a partnership"),
        gettext_lazy("For members and the Servicestelle: the seven indicators computed from the records today, each "
                     "with its value, state, definition, direction and thresholds. “No data” is null, never 0."),
        ""),
    ("get", "/api/v1/events/series"): (
        gettext_lazy("Event series"),
        gettext_lazy("Round tables, trainings, regional and SDG partnership conferences and network meetings: each "
                     "series with its names, format, world region, network, organiser, rotation and calendar feed."),
        ""),
    ("get", "/api/v1/events/editions"): (
        gettext_lazy("Editions"),
        gettext_lazy("The public calendar: upcoming editions soonest first, or past ones newest first, or one "
                     "year's in date order; with dates (UTC) and time zone, place, host, languages and the "
                     "registration window. Drafts are never shown; cancelled editions are, marked so."),
        "?region=africa&when=past"),
    ("get", "/api/v1/events/editions/{edition_id}"): (
        gettext_lazy("One edition"),
        gettext_lazy("An edition as in the list, with its description, its programme and, per track, the seats, "
                     "those reserved for partner delegates, the seats free now and the number waiting."),
        ""),
    ("post", "/api/v1/events/editions/{edition_id}/registrations"): (
        gettext_lazy("Register for an edition"),
        gettext_lazy("For a signed-in person (a personal API token, or the session with the CSRF token as the "
                     "X-CSRFToken header): registers them, with the name and e-mail address of their account, as "
                     "the registration form does. The JSON body may name “track” (needed when the edition has "
                     "several), “language” (de, en or zh-hans; default: the account's), “organisation_name”, "
                     "“partner_delegate”, “country” (the ISO code of a partner delegate's country), "
                     "“visa_needed” and what the participant list may show: “show_name”, “show_organisation”, "
                     "“show_municipality”, “show_photo” (all false by default). Answers 201 with the state: "
                     "confirmed, waiting (a full event is no error: the place on the waiting list is given) or "
                     "requested (the organisers decide), and the links to the person's own page. 400: an invalid "
                     "body or registration not open; 404: no such public edition or track; 409: already "
                     "registered."),
        ""),
    ("get", "/api/v1/events/registrations"): (
        gettext_lazy("My registrations"),
        gettext_lazy("For a signed-in person: the registrations made with their account, newest first, each with "
                     "its edition, track, state, place on the waiting list and the links to their own page."),
        ""),
}

# Operations for the partnerships' members (a token or a session); the activities also answer the public.
MEMBERS = {("get", "/api/v1/partnerships/{uid}/activities"), ("get", "/api/v1/partnerships/{uid}/checkup/rounds"),
           ("get", "/api/v1/checkup/rounds/{round_id}"), ("get", "/api/v1/partnerships/{uid}/indicators")}

# What each parameter means, by (path, name); by name alone where it means the same everywhere.
PARAMETERS: dict[tuple[str, str] | str, Promise] = {
    ("/api/v1/municipalities", "q"): gettext_lazy("A name in any spelling: Dusseldorf, 东莞, Peking …"),
    ("/api/v1/municipalities", "country"): gettext_lazy("The ISO code of the place's country, e.g. DE."),
    ("/api/v1/municipalities", "kind"): gettext_lazy("The kind of place."),
    "region": gettext_lazy("A first-level region (Zhejiang, NRW, DE-NW …); only together with country."),
    "q": gettext_lazy("Free text: a member's name in any spelling, or words of the description."),
    "country": gettext_lazy("The ISO code of a member's country, e.g. CN."),
    "german_state": gettext_lazy("A German state, as DE-NW, NRW, Nordrhein-Westfalen or 07."),
    "kind": gettext_lazy("The kind of partnership: twinning, friendship, project, cooperation, contact, "
                         "climate …"),
    "status": gettext_lazy("The current status."),
    "sdg": gettext_lazy("A Sustainable Development Goal the partnership works on."),
    "topic": gettext_lazy("The code of a theme, e.g. climate-adaptation."),
    "since_min": gettext_lazy("Started in or after this year."),
    "since_max": gettext_lazy("Started in or before this year."),
    "municipality": gettext_lazy("The numeric id of a member municipality."),
    "sort": gettext_lazy("The order: by id, by the year founded (since, oldest first; -since, newest first) or by "
                         "the last change; unknown years come last."),
    "limit": gettext_lazy("How many results one page holds."),
    "offset": gettext_lazy("How many results to skip; the answer's “next” and “previous” links do it for you."),
    "ref": gettext_lazy("A gazetteer reference or a numeric id."),
    "uid": gettext_lazy("The partnership's id."),
    "round_id": gettext_lazy("The round's id (the “id” of an entry in a partnership's check-up rounds)."),
    ("/api/v1/events/editions", "region"): gettext_lazy("The world region of a regional conference: africa, asia, "
                                                        "latin_america, eastern_europe."),
    ("/api/v1/events/editions", "series"): gettext_lazy("A series' short name, e.g. round-table-china."),
    "format": gettext_lazy("The format: round_table, training, regional_conference, partnership_conference, "
                           "sdg_conference, network_meeting, other."),
    "language": gettext_lazy("A language spoken or interpreted at the edition: de, en, zh, fr, es, pt, ru, uk, ar."),
    "year": gettext_lazy("Only the editions starting in this year, in date order."),
    "when": gettext_lazy("upcoming (the default: not yet ended, soonest first) or past (ended, newest first)."),
    "edition_id": gettext_lazy("The edition's id (the “id” of an entry in the list)."),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "query" or "path"
    schema: dict[str, Any]
    default: Any
    required: bool


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: tuple[Parameter, ...]


@functools.cache
def operations() -> tuple[Operation, ...]:
    """The API's operations from its OpenAPI schema (built once per process: it costs a twentieth of a second)."""
    from partneratlas.api.urls import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(Operation(method, path, tuple(
                Parameter(p["name"], p["in"], _resolved(p["schema"], components), p["schema"].get("default"),
                          p.get("required", False))
                for p in operation.get("parameters", []))))
    return tuple(found)


def _resolved(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value without "or null" and with references replaced by what they name."""
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def values(schema: dict[str, Any]) -> str:
    """What a parameter accepts, in words: "1 to 17", "one of: id, since …", "2 characters"."""
    if "enum" in schema:
        return _("one of: %(values)s") % {"values": ", ".join(str(v) for v in schema["enum"])}
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None and high < MAX_ID:
            return _("a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
        if low is not None:
            return _("a whole number, at least %(low)s") % {"low": low}
        return _("a whole number")
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    if shortest is not None and shortest == longest:
        return _("text of %(n)s characters") % {"n": longest}
    if longest is not None:
        return _("text of at most %(n)s characters") % {"n": longest}
    return _("text")


def meaning(path: str, name: str) -> str:
    return str(PARAMETERS.get((path, name)) or PARAMETERS[name])


def reference_page(request: HttpRequest) -> HttpResponse:
    """The reference: basics, then every endpoint with its parameters and an example to open."""
    any_partnership = Partnership.objects.filter(published=True).order_by("id").values_list("uid", flat=True).first()
    entries = []
    order = list(OPERATIONS)
    for operation in sorted(operations(), key=lambda o: order.index((o.method, o.path))):
        title, text, example = OPERATIONS[(operation.method, operation.path)]
        if operation.path.endswith(("{uid}", "{uid}/activities")):
            example = str(any_partnership or "")  # the public may open these
        url = ""
        if example and "{" in operation.path:
            url = re.sub(r"\{[^}]+\}", example, operation.path)
        elif example:
            url = operation.path + example
        entries.append({
            "anchor": re.sub(r"[^a-z0-9]+", "-", operation.path.removeprefix("/api/v1/")).strip("-"),
            "method": operation.method.upper(), "path": operation.path, "title": title, "text": text,
            "example": url, "members": (operation.method, operation.path) in MEMBERS,
            "parameters": [{"name": p.name, "where": p.where, "values": values(p.schema), "default": p.default,
                            "required": p.required, "meaning": meaning(operation.path, p.name)}
                           for p in operation.parameters],
        })
    return render(request, "api/reference.html", {
        "entries": entries, "base": request.build_absolute_uri("/api/v1/"), "schema": "/api/v1/openapi.json"})
