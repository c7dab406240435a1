"""The statistics of a selection, labelled in the reader's language.

One source for the API (`/api/v1/statistics`), the statistics page and its CSV downloads,
so that the three always give the same numbers.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.gazetteer.models import Country
from partneratlas.gazetteer.regions_data import GERMANY, RegionFacts
from partneratlas.registry.models import PartnershipKind, Status, SustainableDevelopmentGoal, Topic
from partneratlas.registry.selectors import PartnershipFilter, partnership_statistics, partnerships_filtered

DIMENSIONS = ("partner_country", "kind", "german_state", "decade", "status", "sdg", "topic")


def dimension_labels(dimension: str) -> dict[str, str]:
    """Key → name in the active language, for the values of one dimension."""
    if dimension == "partner_country":
        return {c.code: c.name for c in Country.objects.all()}
    if dimension == "kind":
        return {k.code: k.name for k in PartnershipKind.objects.all()}
    if dimension == "german_state":
        return {f.iso: state_name(f) for f in GERMANY.values()}
    if dimension == "status":
        return {s.value: str(s.label) for s in Status}
    if dimension == "sdg":
        return {str(s.number): s.name for s in SustainableDevelopmentGoal.objects.all()}
    if dimension == "topic":
        return {t.code: t.name for t in Topic.objects.all()}
    return {}


def state_name(facts: RegionFacts) -> str:
    """A German Land's name in the active language."""
    language = translation.get_language() or "de"
    return facts.zh if language.startswith("zh") else facts.en if language == "en" else facts.de


def decade_label(key: str) -> str:
    return _("unknown") if key == "unknown" else _("%(decade)ss") % {"decade": key}


def statistics_table(filters: PartnershipFilter) -> dict[str, object]:
    """{"total": n, "by_<dimension>": [{"key", "label", "count"}, …]} for the selection.

    Decades are in time order (unknown last); every other dimension by count, then key.
    Raises UnknownFilterValue like the selectors.
    """
    qs = partnerships_filtered(filters)
    counts = partnership_statistics(qs)
    result: dict[str, object] = {"total": qs.count()}
    for dimension in DIMENSIONS:
        counter = counts[dimension]
        if dimension == "decade":
            ordered = sorted(counter.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
            rows = [{"key": k, "label": decade_label(k), "count": n} for k, n in ordered]
        else:
            labels = dimension_labels(dimension)
            ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            rows = [{"key": k, "label": labels.get(k, k), "count": n} for k, n in ordered]
        result[f"by_{dimension}"] = rows
    return result
