"""The agency's pages about names and places people settled in imports.

Remembered names (`NameAlias`): what uploaders settled, per owner or shared with everyone;
staff delete them, share them, make them personal again, or add a shared one by hand.
Proposed places (`PlaceProposal`): staff add a proposed place to the gazetteer, take a place
that is already there, or reject it (gazetteer.services.proposal_decide, which also
remembers the name for the proposer and tells them).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.editing.forms import _resolve_member
from partneratlas.gazetteer.models import Country, Municipality, MunicipalityName, NameAlias, PlaceProposal
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.gazetteer.services import ProposalClosed, alias_settle, alias_share, proposal_decide
from partneratlas.history.kinds import Author
from partneratlas.site.access import access_required, is_staff
from partneratlas.site.shortcuts import object_or_404

ALIASES_PER_PAGE = 50
PROPOSALS_SHOWN = 100
PLACE_HELP = gettext_lazy("Its reference (e.g. gn:1793505) or its name and country (“Taizhou, China”), as in the "
                          "partnership editor.")


def _countries() -> list[tuple[str, str]]:
    return sorted(((c.code, c.name) for c in Country.objects.all()), key=lambda c: c[1])


def _place(text: str) -> Municipality:
    """The one place a reference or "name, country" names; ValidationError with the reason otherwise."""
    return Municipality.objects.get(pk=_resolve_member(text, Resolver()))


class AliasForm(forms.Form):
    written = forms.CharField(label=gettext_lazy("Name as written"), max_length=200)
    country = forms.ChoiceField(label=gettext_lazy("Country the row names"), required=False)
    region = forms.CharField(label=gettext_lazy("Region the row names (optional)"), max_length=100, required=False)
    place = forms.CharField(label=gettext_lazy("Place meant"), max_length=300, help_text=PLACE_HELP)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs["prefix"] = "add"
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("none (rows that name no country)")), *countries]  # type: ignore[attr-defined]

    def clean_place(self) -> Municipality:
        return _place(self.cleaned_data["place"])


@access_required(is_staff, "remembered names: agency staff only")
def aliases(request: HttpRequest) -> HttpResponse:
    """The names people settled: filter, delete, share with everyone, make personal again, add one for everyone."""
    countries = _countries()
    form = AliasForm(countries=countries)
    if request.method == "POST":
        if request.POST.get("action") == "add":
            form = AliasForm(request.POST, countries=countries)
            if form.is_valid():
                data = form.cleaned_data
                with transaction.atomic():
                    alias_settle(written=data["written"], country=data["country"] or None, region=data["region"],
                                 municipality=data["place"], owner=None, created_by=request.user, source="",
                                 via=NameAlias.Via.STAFF)
                messages.success(request, _("“%(name)s” is now placed as %(place)s in everyone's imports.") % {
                    "name": data["written"], "place": data["place"].reference_line})
                return redirect(request.get_full_path())
        else:
            _alias_change(request)
            return redirect(request.get_full_path())
    text = request.GET.get("q", "").strip()[:100]
    country = request.GET.get("country", "")
    found = NameAlias.objects.select_related("country", "municipality__region", "owner", "created_by")
    if text:
        found = found.filter(Q(written__icontains=text) | Q(key__contains=key(text)) | Q(source__icontains=text)
                             | Q(municipality__name__icontains=text))
    if country:
        found = found.filter(country_id=country)
    page = Paginator(found.order_by("key", "id"), ALIASES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "editing/places_aliases.html", {
        "page": page, "q": text, "country": country, "countries": countries, "form": form,
        "query": query.urlencode()}, status=400 if form.errors else 200)


def _alias_change(request: HttpRequest) -> None:
    alias = object_or_404(NameAlias.objects.select_related("municipality"), pk=request.POST.get("alias", ""))
    values = {"name": alias.written, "place": alias.municipality.reference_line}
    action = request.POST.get("action")
    if action == "delete":
        with transaction.atomic():
            alias.delete()
        messages.success(request, _("“%(name)s” → %(place)s has been forgotten.") % values)
    elif action == "share":
        alias_share(alias=alias, shared=True)
        messages.success(request, _("“%(name)s” → %(place)s now applies to everyone's imports.") % values)
    elif action == "personal" and alias.created_by_id is not None:
        alias_share(alias=alias, shared=False)
        messages.success(request, _("“%(name)s” → %(place)s now applies only to the imports of the person who "
                                    "settled it.") % values)
    else:
        messages.error(request, _("Nothing has been changed."))


@access_required(is_staff, "proposed places: agency staff only")
def proposals(request: HttpRequest) -> HttpResponse:
    """Places proposed in imports: add to the gazetteer, take a place already there, or reject."""
    errors: dict[int, str] = {}
    if request.method == "POST":
        proposal = object_or_404(PlaceProposal, pk=request.POST.get("proposal", ""))
        decision = request.POST.get("decision")
        existing = None
        if decision == "existing":
            try:
                existing = _place(request.POST.get("existing", ""))
            except ValidationError as exc:
                errors[proposal.pk] = " ".join(exc.messages)
        if decision not in ("accept", "existing", "reject"):
            messages.error(request, _("Nothing has been changed."))
            return redirect("editing:place-proposals")
        if not errors:
            try:
                place = proposal_decide(proposal=proposal, accept=decision != "reject",
                                        author=Author("review", request.user), existing=existing)
            except ProposalClosed:
                messages.error(request, _("“%(name)s” has been decided already.") % {"name": proposal.name})
                return redirect("editing:place-proposals")
            if place is None:
                text = _("“%(name)s” has not been added.")
            elif decision == "accept":
                text = _("“%(name)s” has been added to the gazetteer as %(place)s.")
            else:
                text = _("“%(name)s” is now placed as %(place)s.")
            messages.success(request, text % {"name": proposal.name, "place": place.reference_line if place else ""})
            return redirect("editing:place-proposals")
    open_ones = list(PlaceProposal.objects.filter(state=PlaceProposal.State.OPEN).select_related(
        "country", "region", "parent", "proposed_by").order_by("proposed_at", "id")[:PROPOSALS_SHOWN])
    _same_names(open_ones)
    kinds = dict(Municipality.Kind.choices)
    for p in open_ones:
        p.kind_label = kinds.get(p.kind, p.kind)  # type: ignore[attr-defined]
        p.error = errors.get(p.pk, "")  # type: ignore[attr-defined]
        p.existing_value = request.POST.get("existing", "") if p.pk in errors else ""  # type: ignore[attr-defined]
    return render(request, "editing/places_proposals.html", {"proposals": open_ones},
                  status=400 if errors else 200)


def _same_names(found: list[PlaceProposal]) -> None:
    """Give each proposal the places of its country that the gazetteer already knows by its name (one query)."""
    wanted = {key(n) for p in found for n in (p.name, p.written) if n}
    known: dict[tuple[str, str], list[Municipality]] = {}
    for name in MunicipalityName.objects.filter(key__in=wanted).select_related("municipality__region").order_by(
            "-municipality__population", "municipality_id"):
        places = known.setdefault((name.key, name.country_id), [])
        if name.municipality not in places:
            places.append(name.municipality)
    for p in found:
        same = [m for n in {key(p.name), key(p.written or p.name)} for m in known.get((n, p.country_id), [])]
        p.same_names = list(dict.fromkeys(same))[:5]  # type: ignore[attr-defined]
