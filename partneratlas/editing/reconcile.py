"""Settling the names of a web import that did not resolve: choose a place, search the gazetteer, propose one.

The check of a file (imports.py) keeps, for every row that is ambiguous or not found, the
members that did not resolve and their candidates. This screen groups them by name,
country and region hint. The uploader chooses the municipality meant (a candidate or a
search result), which the gazetteer remembers for the uploader's imports
(gazetteer.services.alias_settle), or proposes a new place for the agency to confirm
(a PlaceProposal). Then the same file is checked again (imports.import_recheck).
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partneratlas.editing.import_views import _importer, _job
from partneratlas.editing.imports import import_recheck
from partneratlas.editing.models import ImportJob
from partneratlas.gazetteer.models import (
    Country,
    Municipality,
    MunicipalityName,
    NameAlias,
    PlaceProposal,
    Region,
)
from partneratlas.gazetteer.normalise import is_cjk, key, query_keys
from partneratlas.gazetteer.services import alias_settle

GROUPS_PER_PAGE = 20
SEARCH_LIMIT = 10
ROWS_SHOWN = 20
Kind = Municipality.Kind
Choices = tuple[list[tuple[str, str]], dict[str, list[tuple[int, str]]]]
PROPOSED_KINDS = [(k.value, k.label) for k in (Kind.MUNICIPALITY, Kind.DISTRICT, Kind.BOROUGH, Kind.COUNTY_CITY,
                                               Kind.COUNTY)]


@dataclass
class Group:
    """One name as the file writes it (with its country and region hint), and the rows it keeps unplaced."""

    token: str
    name: str
    country: str  # ISO code; empty when the row named none
    region: str  # the region hint as written
    status: str  # ambiguous or not_found
    rows: list[int] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    places: list[Municipality] = field(default_factory=list)
    query: str = ""
    results: list[Municipality] | None = None  # a search's, when one was made
    settled: NameAlias | None = None
    waiting: PlaceProposal | None = None
    error: str = ""
    form: "ProposalForm | None" = None
    country_name: str = ""
    points: list[dict[str, float]] = field(default_factory=list)  # for the small map, numbered as listed

    @property
    def key(self) -> tuple[str, str, str]:
        return key(self.name), self.country, key(self.region)


def groups_of(job: ImportJob) -> list[Group]:
    """The distinct names of the job's report that did not resolve, in the order of their first row."""
    found: dict[tuple[str, str, str], Group] = {}
    for row in job.rows:
        if row["status"] not in ("ambiguous", "not_found"):
            continue
        for member in row.get("unresolved", []):
            if member["status"] not in ("ambiguous", "not_found") or not key(member["name"]):
                continue
            group = Group("", member["name"], member["country"] or "", member["region"] or "", member["status"])
            group = found.setdefault(group.key, group)
            if row["row"] not in group.rows:
                group.rows.append(row["row"])
            group.candidates += [c for c in member["candidates"] if c not in group.candidates]
    for group in found.values():
        digest = hashlib.blake2s("|".join(group.key).encode(), digest_size=5).hexdigest()
        group.token = f"g{digest}"
    return sorted(found.values(), key=lambda g: g.rows[0])


def gazetteer_search(text: str, country: str) -> list[int]:
    """Municipalities (of the country, if known) one of whose names starts like the text, or its reference."""
    text = text.strip()[:200]
    by_ref = list(Municipality.objects.filter(ref=text).values_list("id", flat=True)) if ":" in text else []
    keys = query_keys(text)
    if not keys or (len(keys[0]) < 2 and not is_cjk(keys[0])):  # one letter would match a tenth of the world
        return by_ref
    prefix = Q()
    for k in keys:
        prefix |= Q(key__gte=k, key__lt=k[:-1] + chr(ord(k[-1]) + 1))
    names = MunicipalityName.objects.filter(prefix)
    if country:
        names = names.filter(country_id=country)
    whole = MunicipalityName.objects.filter(municipality=OuterRef("pk"), key__in=keys)
    found = Municipality.objects.filter(id__in=names.values("municipality_id")).annotate(whole=Exists(whole)).order_by(
        "-whole", "-population", "name", "id").values_list("id", flat=True)[:SEARCH_LIMIT]
    return list(dict.fromkeys([*by_ref, *found]))


class ProposalForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the place"), max_length=200)
    country = forms.ChoiceField(label=gettext_lazy("Country"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of place"), choices=PROPOSED_KINDS)
    region = forms.TypedChoiceField(label=gettext_lazy("Region"), required=False, coerce=int, empty_value=None)
    latitude = forms.FloatField(label=gettext_lazy("Latitude"), required=False, min_value=-90, max_value=90,
                                help_text=gettext_lazy("Decimal degrees, e.g. 28.6624 (optional)"))
    longitude = forms.FloatField(label=gettext_lazy("Longitude"), required=False, min_value=-180, max_value=180,
                                 help_text=gettext_lazy("Decimal degrees, e.g. 121.4331 (optional)"))
    population = forms.IntegerField(label=gettext_lazy("Population"), required=False, min_value=0,
                                    max_value=100_000_000)
    note = forms.CharField(label=gettext_lazy("Note for the agency"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("Where the place lies, what it belongs to, a source or a link."))

    def __init__(self, *args: Any, group: Group, countries: list[tuple[str, str]],
                 regions: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.update(prefix=group.token, initial={"name": group.name})
        super().__init__(*args, **kwargs)
        if group.country:  # the region list is the country's
            del self.fields["country"]
            self.fields["region"].choices = [("", _("not known")), *regions]  # type: ignore[attr-defined]
        else:
            self.fields["country"].choices = countries  # type: ignore[attr-defined]  # a ChoiceField
            del self.fields["region"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


@login_required
def settle(request: HttpRequest, job_id: str) -> HttpResponse:
    """The settle screen: each name that did not resolve, with its candidates, a search and a proposal."""
    job = _job(request, job_id, _importer(request))
    if job.state != ImportJob.State.CHECKED:
        return _not_checked(request, job)
    groups = groups_of(job)
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.POST.get("page") or request.GET.get("page"))
    shown: list[Group] = list(page.object_list)
    wanted = request.POST.get("group") or request.GET.get("search", "")
    chosen = next((g for g in shown if g.token == wanted), None)
    if chosen is not None:
        chosen.query = (request.POST.get("q") or request.GET.get("q", "")).strip()[:200]
    status, choices = 200, _choices(shown)
    if request.method == "POST":
        if chosen is None:
            messages.error(request, _("This name is no longer in the file's report; nothing has been saved."))
            return redirect(_here(job, page.number))
        if request.POST.get("action") == "propose":
            done = _propose(request, job, chosen, choices)
        else:
            done = _choose(request, job, chosen)
        if done:
            return redirect(_here(job, page.number, chosen.token))
        status = 400
    _fill(request, job, shown, choices)
    return render(request, "editing/reconcile.html", {
        "job": job, "page": page, "groups": shown, "total": len(groups),
        "errors": [g for g in shown if g.error or (g.form is not None and g.form.errors)]}, status=status)


def _choose(request: HttpRequest, job: ImportJob, group: Group) -> bool:
    """Remember the chosen place for the job's owner, if it is one of those offered for this name."""
    offered = set(group.candidates) | (set(gazetteer_search(group.query, group.country)) if group.query else set())
    choice = request.POST.get("choice", "")
    place = Municipality.objects.filter(id=int(choice)).first() if choice.isdigit() and int(choice) in offered \
        else None
    if place is None:
        group.error = (_("Please choose one of the places offered for “%(name)s”; nothing has been saved.")
                       if choice else _("Please choose the place meant by “%(name)s”.")) % {"name": group.name}
        return False
    with transaction.atomic():
        alias_settle(written=group.name, country=group.country or None, region=group.region, municipality=place,
                     owner=job.user or request.user, created_by=request.user, source=job.name)
    messages.success(request, _("“%(name)s” is now placed as %(place)s in your imports. Check the file again to "
                                "see its rows placed.") % {"name": group.name, "place": place.reference_line})
    return True


def _propose(request: HttpRequest, job: ImportJob, group: Group, choices: "Choices") -> bool:
    """Send a new place to the agency; the rows stay unplaced until the agency confirms it."""
    countries, regions = choices
    group.form = ProposalForm(request.POST, group=group, countries=countries, regions=regions.get(group.country, []))
    if not group.form.is_valid():
        return False
    data = group.form.cleaned_data
    country = group.country or data["country"]
    with transaction.atomic():
        PlaceProposal.objects.create(
            name=data["name"].strip(), written=group.name, country_id=country,
            region_id=data.get("region"),
            region_key=key(group.region), kind=data["kind"], latitude=data["latitude"],
            longitude=data["longitude"], population=data["population"], note=data["note"], source=job.name,
            import_job=job.pk, proposed_by=job.user or request.user)  # type: ignore[misc]  # signed in
    messages.success(request, _("Your proposal of “%(name)s” has been sent to the agency. Its rows stay unplaced "
                                "until the agency confirms the new place.") % {"name": data["name"].strip()})
    return True


def _fill(request: HttpRequest, job: ImportJob, groups: list[Group], choices: "Choices") -> None:
    """What the page shows of each group: its places, a search's results, what was settled or proposed."""
    searched = {g.token: gazetteer_search(g.query, g.country) for g in groups if g.query}
    ids = {i for g in groups for i in g.candidates} | {i for found in searched.values() for i in found}
    places = Municipality.objects.select_related("region", "parent", "country").in_bulk(ids)
    owner = job.user_id or request.user.pk
    aliases: dict[tuple[str, str, str], NameAlias] = {}
    for alias in NameAlias.objects.filter(Q(owner_id=owner) | Q(owner=None), key__in={g.key[0] for g in groups}
                                          ).select_related("municipality"):
        found = (alias.key, alias.country_id or "", alias.region_key)
        if found not in aliases or alias.owner_id is not None:  # the owner's own name comes first
            aliases[found] = alias
    waiting: dict[tuple[str, str, str], PlaceProposal] = {}
    for p in PlaceProposal.objects.filter(proposed_by_id=owner, state=PlaceProposal.State.OPEN):
        for country in (p.country_id, ""):  # a name without a country was proposed with one
            waiting.setdefault((key(p.written or p.name), country, p.region_key), p)
    names = {code: c.name for code, c in Country.objects.in_bulk({g.country for g in groups} - {""}).items()}
    countries, regions = choices
    for g in groups:
        g.country_name = names.get(g.country, g.country)
        g.places = [places[i] for i in g.candidates if i in places]
        if g.token in searched:
            g.results = [places[i] for i in searched[g.token] if i in places]
        g.settled = aliases.get(g.key)
        g.waiting = waiting.get(g.key)
        offered = [*g.places, *(g.results or [])]
        g.points = [{"n": n, "lat": m.latitude, "lon": m.longitude} for n, m in enumerate(offered, 1)
                    if m.latitude is not None and m.longitude is not None]
        if g.form is None:
            g.form = ProposalForm(group=g, countries=countries, regions=regions.get(g.country, []))


def _choices(groups: list[Group]) -> "Choices":
    """The countries (for names without one) and the regions of the groups' countries, read once for the page."""
    codes = {g.country for g in groups}
    countries = sorted(((c.code, c.name) for c in Country.objects.all()), key=lambda c: c[1]) if "" in codes else []
    regions: dict[str, list[tuple[int, str]]] = {}
    for region in Region.objects.filter(country_id__in=codes - {""}):
        regions.setdefault(region.country_id, []).append((region.pk, region.name or region.code))
    for found in regions.values():
        found.sort(key=lambda r: r[1])
    return countries, regions


def _here(job: ImportJob, number: int, token: str = "") -> str:
    url = reverse("editing:import-settle", args=[job.pk])
    return url + (f"?page={number}" if number > 1 else "") + (f"#group-{token}" if token else "")


def _not_checked(request: HttpRequest, job: ImportJob) -> HttpResponse:
    messages.error(request, _("The names of this file can be settled only while it waits for confirmation; it is "
                              "now “%(state)s”. Nothing has been saved.") % {"state": job.get_state_display()})
    return redirect("editing:import", job_id=job.pk)


@login_required
@require_POST
def recheck(request: HttpRequest, job_id: str) -> HttpResponse:
    """Check the same file again, so that the names settled meanwhile place their rows."""
    job = _job(request, job_id, _importer(request))
    with transaction.atomic():
        started = import_recheck(job)
    if not started:
        return _not_checked(request, job)
    return redirect("editing:import", job_id=job.pk)
