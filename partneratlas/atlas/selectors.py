"""Reads of the public atlas that are not the registry's own: key figures, a place's partnerships."""

from dataclasses import dataclass

from django.db.models import Count, F

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.models import Membership, PartnershipKind
from partneratlas.registry.selectors import (
    PartnershipFilter,
    partnership_ids_page,
    partnerships_filtered,
    public_memberships,
)

GERMANY = "DE"


@dataclass
class KeyFigures:
    partnerships: int
    municipalities: int
    german_municipalities: int
    partner_countries: int
    twinnings: int


def key_figures(filters: PartnershipFilter | None = None) -> KeyFigures:
    """Counted live: partnerships, places in them, German places, partner countries, twinnings."""
    selection = partnerships_filtered(filters or PartnershipFilter())
    members = Membership.objects.filter(partnership_id__in=selection.values("id")) if filters else \
        public_memberships()
    places = members.aggregate(all=Count("municipality_id", distinct=True))
    german = members.filter(country_id=GERMANY).aggregate(n=Count("municipality_id", distinct=True))["n"]
    abroad = members.exclude(country_id=GERMANY).aggregate(n=Count("country_id", distinct=True))["n"]
    twinning = PartnershipKind.objects.filter(code="twinning").values_list("id", flat=True).first()
    return KeyFigures(
        partnerships=selection.count(),
        municipalities=places["all"],
        german_municipalities=german,
        partner_countries=abroad,
        twinnings=selection.filter(kind_id=twinning).count() if twinning else 0,
    )


def municipality_partnership_ids(municipality: Municipality, filters: PartnershipFilter | None = None,
                                 limit: int = 1000) -> list[int]:
    """A place's partnerships (optionally narrowed by the map's filters), oldest first."""
    base = filters or PartnershipFilter()
    selection = PartnershipFilter(**{**base.__dict__, "municipality": municipality.id})
    return partnership_ids_page(selection, [F("start_year").asc(nulls_last=True), "id"], 0, limit)
