"""A municipality's own record: names in each language, other names, population, position, keys.

Its administration (or the agency) keeps it; the writes go through gazetteer.services,
which keeps the history, keeps these edits through gazetteer reloads and puts names a
person added up for the agency's review (`name_reviews`).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partneratlas.gazetteer.models import Municipality, MunicipalityName, NameReview
from partneratlas.gazetteer.normalise import is_cjk, key
from partneratlas.gazetteer.services import EDITABLE, HISTORY_KIND, municipality_save, name_review_decide
from partneratlas.history.kinds import Author
from partneratlas.history.selectors import history_of, revision_of
from partneratlas.history.services import revision_restore
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny
from partneratlas.site.access import access_required, is_staff
from partneratlas.site.shortcuts import object_or_404

NAME_LANGUAGES = [("de", gettext_lazy("Name in German")), ("en", gettext_lazy("Name in English")),
                  ("zh-hans", gettext_lazy("Name in Chinese"))]
_FORM_FIELDS = [name for name in EDITABLE if name not in ("localized_names", "verified_on")]


class MunicipalityForm(forms.Form):
    alternative_names = forms.CharField(label=gettext_lazy("Other names and spellings"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text=gettext_lazy("One per line; they are found by the search. "
                                                               "New names are checked by the agency."))
    population = forms.IntegerField(label=gettext_lazy("Population"), required=False, min_value=0)
    latitude = forms.FloatField(label=gettext_lazy("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=gettext_lazy("Longitude"), required=False, min_value=-180, max_value=180)
    ags = forms.RegexField(label=gettext_lazy("AGS (official municipality key)"), required=False,
                           regex=r"^\d{8}$|^\d{12}$", error_messages={"invalid": gettext_lazy("8 or 12 digits.")})
    wikidata_qid = forms.RegexField(label=gettext_lazy("Wikidata QID"), required=False, regex=r"^Q\d+$",
                                    error_messages={"invalid": gettext_lazy("Q followed by digits, e.g. Q2107.")})
    source = forms.CharField(label=gettext_lazy("Source"), required=False, max_length=200)
    source_url = forms.URLField(label=gettext_lazy("Source link"), required=False, max_length=500,
                                assume_scheme="https")
    verified = forms.BooleanField(label=gettext_lazy("I have checked this record today"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in NAME_LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(label=label, required=False, max_length=200)
        self.order_fields([f"name_{code}" for code, _label in NAME_LANGUAGES])

    def values(self, m: Municipality) -> dict[str, Any]:
        """The record as the form says it: every field, an empty one emptied."""
        c = self.cleaned_data
        names = {k: v for k, v in m.localized_names.items() if k not in dict(NAME_LANGUAGES)}
        names.update({code: c[f"name_{code}"].strip() for code, _label in NAME_LANGUAGES
                      if c[f"name_{code}"].strip()})
        alternatives = list(dict.fromkeys(n.strip() for n in c["alternative_names"].splitlines() if n.strip()))
        return {**{name: c[name] for name in _FORM_FIELDS}, "alternative_names": alternatives,
                "localized_names": names, "verified_on": timezone.localdate() if c["verified"] else m.verified_on}


def _municipality(request: HttpRequest, ref: str) -> Municipality:
    m = object_or_404(Municipality, ref=ref)
    if access_of(request.user).edit_scope([m.pk]) is None:
        raise deny(request, f"municipality {ref}")
    return m


@login_required
def edit_municipality(request: HttpRequest, ref: str) -> HttpResponse:
    m = _municipality(request, ref)
    initial = {**{f"name_{code}": m.localized_names.get(code, "") for code, _label in NAME_LANGUAGES},
               **{name: getattr(m, name) for name in _FORM_FIELDS}, "alternative_names": "\n".join(m.alternative_names)}
    form = MunicipalityForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            changed = municipality_save(municipality=m, values=form.values(m), author=Author("edit", request.user))
            messages.success(request, _("The record has been saved.") if changed else _("Nothing has changed."))
            return redirect("editing:municipality", ref=ref)
        messages.error(request, _("The record has not been saved: please correct the marked fields."))
    entries = history_of(kind=HISTORY_KIND, object_id=m.pk)
    for entry in entries[1:]:
        entry.restore_url = reverse("editing:municipality-revert", args=[m.ref, entry.revision.version])
    return render(request, "editing/municipality.html", {"municipality": m, "form": form, "entries": entries})


@login_required
@require_POST
def revert_municipality(request: HttpRequest, ref: str, version: int) -> HttpResponse:
    m = _municipality(request, ref)
    revision = revision_of(kind=HISTORY_KIND, object_id=m.pk, version=version)
    if revision is None:
        raise Http404
    revision_restore(revision=revision, author=Author("revert", request.user))
    messages.success(request, _("Version %(version)d has been restored as a new version.") % {"version": version})
    return redirect("editing:municipality", ref=ref)


@access_required(is_staff, "name reviews: agency staff only")
def name_reviews(request: HttpRequest) -> HttpResponse:
    """The agency's list of names administrations added to their records: confirm or take back."""
    if request.method == "POST":
        review = object_or_404(NameReview, pk=request.POST.get("review", ""), state=NameReview.State.OPEN)
        confirm = request.POST.get("decision") == "confirm"
        name_review_decide(review=review, confirm=confirm, author=Author("review", request.user))
        messages.success(request, (_("“%(name)s” has been confirmed.") if confirm else
                                   _("“%(name)s” has been taken out of the record.")) % {"name": review.name})
        return redirect("editing:name-reviews")
    reviews = list(NameReview.objects.filter(state=NameReview.State.OPEN).select_related(
        "municipality__country", "added_by")[:200])
    wanted = {key(r.name) for r in reviews}
    officially: dict[tuple[str, str], list[Municipality]] = {}
    for name in MunicipalityName.objects.filter(key__in=wanted, quality=MunicipalityName.Quality.OFFICIAL
                                                ).select_related("municipality"):
        officially.setdefault((name.key, name.country_id), []).append(name.municipality)
    for review in reviews:
        review.clashes = [m for m in officially.get((key(review.name), review.municipality.country_id), [])  # type: ignore[attr-defined]
                          if m.pk != review.municipality_id]
        review.language = "zh-Hans" if is_cjk(review.name) else "de"  # type: ignore[attr-defined]
    return render(request, "editing/name_reviews.html", {"reviews": reviews})
