"""The filters of the map, the list, the statistics and the downloads: one form for all four.

The parameters are the API's (country, german_state, kind, status, topic, sdg) plus the
decade founded; a shared URL keeps them, so a view can be passed on.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partneratlas.gazetteer.models import Country
from partneratlas.gazetteer.normalise import strip_diacritics
from partneratlas.gazetteer.regions_data import GERMANY
from partneratlas.registry.models import PartnershipKind, Status, SustainableDevelopmentGoal, Topic
from partneratlas.registry.selectors import PartnershipFilter, public_memberships
from partneratlas.registry.statistics import decade_label, state_name

FIELDS = ("country", "german_state", "kind", "status", "topic", "sdg", "decade")
FIRST_DECADE = 1940


def _sorted(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(choices, key=lambda c: strip_diacritics(c[1]).casefold())


def _decades() -> list[tuple[str, str]]:
    last = timezone.localdate().year // 10 * 10
    return [(str(d), decade_label(str(d))) for d in range(FIRST_DECADE, last + 1, 10)]


class AtlasFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    german_state = forms.ChoiceField(label=_("German state"), required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("partnership", "Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    topic = forms.ChoiceField(label=_("Theme"), required=False)
    sdg = forms.ChoiceField(label=_("Sustainable Development Goal"), required=False)
    decade = forms.ChoiceField(label=_("Founded in"), required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data or {})
        everyone: list[tuple[str, str]] = [("", str(_("all")))]
        choice = {name: field for name, field in self.fields.items() if isinstance(field, forms.ChoiceField)}
        present = set(public_memberships().order_by().values_list("country_id", flat=True).distinct())
        present.add(str(self.data.get("country") or "").upper())  # a shared link to a country without any
        countries = [(c.code, c.name) for c in Country.objects.filter(code__in=present)]
        choice["country"].choices = everyone + _sorted(countries)
        choice["german_state"].choices = everyone + _sorted([(f.iso, state_name(f)) for f in GERMANY.values()])
        choice["kind"].choices = everyone + [(k.code, k.name) for k in PartnershipKind.objects.all()]
        choice["status"].choices = everyone + list(Status.choices)
        choice["topic"].choices = everyone + [(t.code, t.name) for t in Topic.objects.all()]
        choice["sdg"].choices = everyone + [
            (str(s.number), f"{s.number}. {s.name}") for s in SustainableDevelopmentGoal.objects.all()]
        choice["decade"].choices = everyone + _decades()

    def selection(self) -> PartnershipFilter:
        """The registry filter of a valid form (every partnership when nothing is chosen)."""
        values = self.cleaned_data if self.is_bound and self.is_valid() else {}
        decade = int(values["decade"]) if values.get("decade") else None
        return PartnershipFilter(
            country=values.get("country") or None, german_state=values.get("german_state") or None,
            kind=values.get("kind") or None, status=values.get("status") or None,
            topic=values.get("topic") or None, sdg=int(values["sdg"]) if values.get("sdg") else None,
            start_year_min=decade, start_year_max=decade + 9 if decade is not None else None)

    def query(self, **extra: str) -> str:
        """The chosen filters as a query string, for links that keep them."""
        values = self.cleaned_data if self.is_bound and self.is_valid() else {}
        pairs = [(name, values[name]) for name in FIELDS if values.get(name)]
        pairs += [(k, v) for k, v in extra.items() if v]
        return urlencode(pairs)

    def chosen(self) -> list[tuple[str, str]]:
        """(filter label, chosen value's name) for a caption such as "Partner country: China"."""
        values = self.cleaned_data if self.is_bound and self.is_valid() else {}
        result = []
        for name in FIELDS:
            if values.get(name):
                field = self.fields[name]
                names = dict(field.choices)  # type: ignore[attr-defined]
                result.append((str(field.label), str(names.get(values[name], values[name]))))
        return result

