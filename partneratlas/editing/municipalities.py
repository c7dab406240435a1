"""A municipality's own record: names in each language, other names, population, position, keys.

Its administration (or the agency) keeps it. Every save keeps the whole state as a
revision, so the history shows who changed what and any state can be restored; names
changed here are searchable at once.
"""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.editing.models import MunicipalityRevision
from partneratlas.editing.services import today
from partneratlas.gazetteer.loading import _keys
from partneratlas.gazetteer.models import Municipality, MunicipalityName
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny

NAME_LANGUAGES = [("de", gettext_lazy("Name in German")), ("en", gettext_lazy("Name in English")),
                  ("zh-hans", gettext_lazy("Name in Chinese"))]
_FIELDS = ["alternative_names", "population", "latitude", "longitude", "ags", "wikidata_qid", "source",
           "source_url", "verified_on"]


class MunicipalityForm(forms.Form):
    alternative_names = forms.CharField(label=gettext_lazy("Other names and spellings"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text=gettext_lazy("One per line; they are found by the search."))
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


def state_of(m: Municipality) -> dict[str, Any]:
    state = {name: getattr(m, name) for name in _FIELDS}
    state["verified_on"] = m.verified_on.isoformat() if m.verified_on else None
    state["localized_names"] = dict(m.localized_names)
    return state


def municipality_save(m: Municipality, state: dict[str, Any], user: Any) -> bool:
    """Write the state; False when nothing changed. Search keys follow the names."""
    before = state_of(m)
    if state == before:
        return False
    with transaction.atomic():
        m = Municipality.objects.select_for_update().get(pk=m.pk)
        # The state before the first edit, so that it can be restored.
        if not MunicipalityRevision.objects.filter(municipality=m).exists():
            MunicipalityRevision.objects.create(municipality=m, version=1, author=_("gazetteer"), state=before)
        for name in _FIELDS:
            setattr(m, name, state[name])
        m.verified_on = datetime.date.fromisoformat(state["verified_on"]) if state["verified_on"] else None
        m.localized_names = state["localized_names"]
        m.save()
        version = (MunicipalityRevision.objects.filter(municipality=m).aggregate(v=Max("version"))["v"] or 0) + 1
        MunicipalityRevision.objects.create(municipality=m, version=version, user=user,
                                            author=user.get_full_name() or user.email, state=state_of(m))
        keys = _keys(m.name, [*m.alternative_names, *m.localized_names.values()])
        m.search_names.all().delete()
        MunicipalityName.objects.bulk_create(
            MunicipalityName(municipality=m, country_id=m.country_id, key=k, quality=q) for k, q in keys.items())
    return True


def _state(form: MunicipalityForm, m: Municipality) -> dict[str, Any]:
    c = form.cleaned_data
    names = {k: v for k, v in m.localized_names.items() if k not in dict(NAME_LANGUAGES)}
    names.update({code: c[f"name_{code}"].strip() for code, _label in NAME_LANGUAGES if c[f"name_{code}"].strip()})
    alternatives = list(dict.fromkeys(n.strip() for n in c["alternative_names"].splitlines() if n.strip()))
    return {"alternative_names": alternatives, "population": c["population"], "latitude": c["latitude"],
            "longitude": c["longitude"], "ags": c["ags"], "wikidata_qid": c["wikidata_qid"], "source": c["source"],
            "source_url": c["source_url"], "localized_names": names,
            "verified_on": today().isoformat() if c["verified"] else (
                m.verified_on.isoformat() if m.verified_on else None)}


def _municipality(request: HttpRequest, ref: str) -> Municipality:
    m = Municipality.objects.filter(ref=ref).first()
    if m is None:
        raise Http404
    if access_of(request.user).edit_scope([m.pk]) is None:
        raise deny(request, f"municipality {ref}")
    return m


@login_required
def edit_municipality(request: HttpRequest, ref: str) -> HttpResponse:
    m = _municipality(request, ref)
    initial = {**{f"name_{code}": m.localized_names.get(code, "") for code, _label in NAME_LANGUAGES},
               **{name: getattr(m, name) for name in _FIELDS if name != "verified_on"},
               "alternative_names": "\n".join(m.alternative_names)}
    form = MunicipalityForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            changed = municipality_save(m, _state(form, m), request.user)
            messages.success(request, _("The record has been saved.") if changed else _("Nothing has changed."))
            return redirect("editing:municipality", ref=ref)
        messages.error(request, _("The record has not been saved: please correct the marked fields."))
    return render(request, "editing/municipality.html", {"municipality": m, "form": form,
                                                         "revisions": _history(m)})


def _history(m: Municipality) -> list[tuple[MunicipalityRevision, list[tuple[str, str, str]]]]:
    revisions = list(MunicipalityRevision.objects.filter(municipality=m).select_related("user"))
    labels = {**{name: str(field.label) for name, field in MunicipalityForm().fields.items()},
              "verified_on": _("last verified")}
    entries = []
    for i, revision in enumerate(revisions):
        before = revisions[i + 1].state if i + 1 < len(revisions) else None
        changes = []
        if before is not None:
            for name in [*_FIELDS, "localized_names"]:
                old, new = before.get(name), revision.state.get(name)
                if old != new:
                    changes.append((labels.get(name, _("Names by language")), _show(old), _show(new)))
        entries.append((revision, changes))
    return entries


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


@login_required
def revert_municipality(request: HttpRequest, ref: str, version: int) -> HttpResponse:
    m = _municipality(request, ref)
    if request.method != "POST":
        return redirect("editing:municipality", ref=ref)
    revision = MunicipalityRevision.objects.filter(municipality=m).filter(version=version).first()
    if revision is None:
        raise Http404
    state = {**state_of(m), **revision.state}
    municipality_save(m, state, request.user)
    messages.success(request, _("Version %(version)d has been restored as a new version.") % {"version": version})
    return redirect("editing:municipality", ref=ref)
