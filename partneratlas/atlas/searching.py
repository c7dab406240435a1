"""Search that forgives like the resolution service: Dusseldorf, 东莞, dong1guan, Sankt/St.

A query is turned into the same keys the gazetteer indexes names under (normalise.py),
so diacritics, case, spacing, pinyin tone numbers and alternative names all meet.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from partneratlas.gazetteer.models import Municipality, MunicipalityName
from partneratlas.gazetteer.normalise import query_keys
from partneratlas.registry.selectors import (
    PartnershipFilter,
    PartnershipRow,
    partnership_rows,
    partnerships_filtered,
    public_memberships,
)

MAX_QUERY = 200


def _key_range(key: str) -> Q:
    return Q(key__gte=key, key__lt=key[:-1] + chr(ord(key[-1]) + 1))


def municipalities_matching(text: str, *, limit: int, partnered: bool = True) -> list[Municipality]:
    """Municipalities one of whose names starts like the text, best first.

    Best: a whole-name match, then more partnerships, then more inhabitants. With
    partnered=False only whole-name matches without partnerships are returned (a town
    that searches for itself learns that nothing is recorded yet).
    """
    keys = query_keys(text[:MAX_QUERY])
    if not keys:
        return []
    prefix = Q()
    for k in keys:
        prefix |= _key_range(k)
    exact = MunicipalityName.objects.filter(municipality=OuterRef("pk"), key__in=keys)
    names = MunicipalityName.objects.filter(prefix if partnered else Q(key__in=keys)).values("municipality_id")
    with_members = public_memberships().values("municipality_id")
    qs: QuerySet[Municipality] = Municipality.objects.filter(id__in=names)
    qs = qs.filter(id__in=with_members) if partnered else qs.exclude(id__in=with_members)
    return list(qs.select_related("country", "region").annotate(
        partnership_count=Count("memberships", filter=Q(memberships__partnership__published=True)),
        whole=Exists(exact))
        .order_by("-whole", "-partnership_count", "-population", "name", "id")[:limit])


@dataclass
class SearchResults:
    text: str
    municipalities: list[Municipality]
    unpartnered: list[Municipality]
    partnerships: list[PartnershipRow]
    partnership_count: int


def search(text: str, *, limit: int = 50) -> SearchResults:
    """Municipalities and partnerships for the search page, grouped."""
    text = text.strip()[:MAX_QUERY]
    if not text:
        return SearchResults(text, [], [], [], 0)
    selection = partnerships_filtered(PartnershipFilter(q=text))
    ids = list(selection.order_by("start_year", "id").values_list("id", flat=True)[:limit])
    count = len(ids) if len(ids) < limit else selection.count()
    return SearchResults(
        text=text,
        municipalities=municipalities_matching(text, limit=limit),
        unpartnered=municipalities_matching(text, limit=5, partnered=False),
        partnerships=partnership_rows(ids),
        partnership_count=count,
    )


def suggestions(text: str, *, limit: int = 8) -> list[Municipality]:
    """Municipalities with partnerships whose name starts like the text, for the search box."""
    return municipalities_matching(text, limit=limit) if len(text.strip()) >= 2 or any(
        ord(ch) > 0x2E80 for ch in text) else []

