"""Reads of the registry shared by the API, exports and statistics."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from partneratlas.gazetteer.models import MunicipalityName, Region
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.regions_data import EXTRA_REGION_NAMES, GERMANY
from partneratlas.i18n import pick
from partneratlas.registry.models import (
    CouncilResolution,
    Membership,
    Partnership,
    PartnershipKind,
    StatusChange,
    Topic,
)

GERMANY_CODE = "DE"


@dataclass(frozen=True)
class PartnershipFilter:
    """The filters of the API, the exports and (later) the map, in one place."""

    country: str | None = None  # ISO code of any member's country
    german_state: str | None = None  # a Land: "DE-NW", "07", "Nordrhein-Westfalen", "NRW"
    kind: str | None = None
    status: str | None = None
    sdg: int | None = None
    topic: str | None = None
    start_year_min: int | None = None
    start_year_max: int | None = None
    q: str | None = None
    municipality: int | None = None


class UnknownFilterValue(ValueError):
    def __init__(self, name: str, value: object) -> None:
        super().__init__(name, value)
        self.name, self.value = name, value


def german_state_id(text: str) -> int | None:
    """The Region id of a German Land, given by code, ISO code or any of its names."""
    wanted = key(text)
    for code, facts in GERMANY.items():
        forms = [code, facts.iso, facts.iso[3:], facts.de, facts.en, facts.zh, *EXTRA_REGION_NAMES.get(facts.iso, [])]
        if wanted in {key(form) for form in forms}:
            region = Region.objects.filter(country_id=GERMANY_CODE, code=code).only("id").first()
            return region.id if region else None
    return None


def _members_where(condition: Q) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(condition).values("partnership_id")


def partnerships_filtered(filters: PartnershipFilter) -> QuerySet[Partnership]:
    """Partnerships matching every given filter; raises UnknownFilterValue for unknown terms."""
    qs = Partnership.objects.all()
    if filters.country:
        qs = qs.filter(id__in=_members_where(Q(country_id=filters.country.upper())))
    if filters.german_state:
        region_id = german_state_id(filters.german_state)
        if region_id is None:
            raise UnknownFilterValue("german_state", filters.german_state)
        qs = qs.filter(id__in=_members_where(Q(region_id=region_id)))
    if filters.kind:
        if not PartnershipKind.objects.filter(code=filters.kind).exists():
            raise UnknownFilterValue("kind", filters.kind)
        qs = qs.filter(kind__code=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.sdg is not None:
        qs = qs.filter(id__in=Partnership.sdgs.through.objects.filter(
            sustainabledevelopmentgoal_id=filters.sdg).values("partnership_id"))
    if filters.topic:
        if not Topic.objects.filter(code=filters.topic).exists():
            raise UnknownFilterValue("topic", filters.topic)
        qs = qs.filter(id__in=Partnership.topics.through.objects.filter(topic__code=filters.topic)
                       .values("partnership_id"))
    if filters.start_year_min is not None:
        qs = qs.filter(start_year__gte=filters.start_year_min)
    if filters.start_year_max is not None:
        qs = qs.filter(start_year__lte=filters.start_year_max)
    if filters.municipality is not None:
        qs = qs.filter(id__in=_members_where(Q(municipality_id=filters.municipality)))
    if filters.q and filters.q.strip():
        qs = qs.filter(Q(id__in=_members_where(Q(municipality_id__in=_name_matches(filters.q))))
                       | Q(description__icontains=filters.q.strip()))
    return qs


def _name_matches(text: str) -> QuerySet[MunicipalityName, Any]:
    """Municipalities one of whose names starts with the text (forgiving, like resolution)."""
    wanted = key(text)
    if not wanted:
        return MunicipalityName.objects.none().values("municipality_id")
    upper = wanted[:-1] + chr(ord(wanted[-1]) + 1)
    return MunicipalityName.objects.filter(key__gte=wanted, key__lt=upper).values("municipality_id")


@dataclass
class MemberRow:
    id: int
    ref: str
    name: str
    display_name: str
    country: str
    region: str
    region_code: str
    kind: str
    latitude: float | None
    longitude: float | None


@dataclass
class PartnershipRow:
    """A partnership with everything an export or the API shows, read in bulk."""

    id: int
    uid: str
    kind: str
    kind_name: str
    status: str
    start_year: int | None
    signed_on: datetime.date | None
    description: str
    working_languages: list[str]
    source: str
    source_url: str
    verified_on: datetime.date | None
    members: list[MemberRow] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    status_history: list[tuple[str, int | None, datetime.date | None]] = field(default_factory=list)
    council_resolutions: list[tuple[datetime.date, str]] = field(default_factory=list)


_PARTNERSHIP_FIELDS = ("id", "uid", "kind__code", "kind__names", "status", "start_year", "signed_on", "description",
                      "working_languages", "source", "source_url", "verified_on")
_MEMBER_FIELDS = ("partnership_id", "municipality_id", "municipality__ref", "municipality__name",
                  "municipality__localized_names", "country_id", "region__names", "region__code", "municipality__kind",
                  "municipality__latitude", "municipality__longitude")


def partnership_rows(ids: Iterable[int]) -> list[PartnershipRow]:
    """Partnerships with members, SDGs, topics, history and resolutions, in the order of `ids`.

    Six queries per 500 partnerships, reading plain values (no model instances, and not the
    members' long lists of alternative names).
    """
    wanted = list(ids)
    rows: dict[int, PartnershipRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for pid, uid, kind, kind_names, *rest in Partnership.objects.filter(id__in=chunk).values_list(
                *_PARTNERSHIP_FIELDS):
            rows[pid] = PartnershipRow(pid, str(uid), kind, pick(kind_names, kind), *rest)
        for (pid, mid, ref, name, localized, country, region_names, region_code, kind, lat,
             lon) in Membership.objects.filter(partnership_id__in=chunk).order_by(
                "partnership_id", "position", "id").values_list(*_MEMBER_FIELDS):
            rows[pid].members.append(MemberRow(
                mid, ref, name, pick(localized, name) if localized else name, country,
                pick(region_names, "") if region_names else "", region_code or "", kind, lat, lon))
        for pid, number in Partnership.sdgs.through.objects.filter(partnership_id__in=chunk).values_list(
                "partnership_id", "sustainabledevelopmentgoal_id").order_by("sustainabledevelopmentgoal_id"):
            rows[pid].sdgs.append(number)
        for pid, code in Partnership.topics.through.objects.filter(partnership_id__in=chunk).values_list(
                "partnership_id", "topic__code").order_by("topic__position", "topic__code"):
            rows[pid].topics.append(code)
        for pid, status, year, date in StatusChange.objects.filter(partnership_id__in=chunk).order_by(
                "partnership_id", "id").values_list("partnership_id", "status", "year", "date"):
            rows[pid].status_history.append((status, year, date))
        for pid, date, reference in CouncilResolution.objects.filter(partnership_id__in=chunk).order_by(
                "partnership_id", "date", "id").values_list("partnership_id", "date", "reference"):
            rows[pid].council_resolutions.append((date, reference))
    return [rows[pid] for pid in wanted if pid in rows]


def partnership_statistics(partnerships: QuerySet[Partnership]) -> dict[str, Counter[str]]:
    """Counts by partner country, kind, German state, decade founded, status, SDG and topic.

    A partnership counts once per distinct value: Wuppertal–Dongguan counts for China;
    a partnership of two German towns counts for Germany.
    """
    ids = partnerships.values("id")
    by_country: dict[int, set[str]] = defaultdict(set)
    by_state: dict[int, set[str]] = defaultdict(set)
    for pid, country, region_code in Membership.objects.filter(partnership_id__in=ids).values_list(
            "partnership_id", "country_id", "region__code"):
        by_country[pid].add(country)
        if country == GERMANY_CODE and region_code in GERMANY:
            by_state[pid].add(GERMANY[region_code].iso)
    partner_countries: Counter[str] = Counter()
    for countries in by_country.values():
        abroad = countries - {GERMANY_CODE}
        partner_countries.update(abroad or {GERMANY_CODE})
    states: Counter[str] = Counter(s for states in by_state.values() for s in states)
    plain = partnerships.order_by()
    decades: Counter[str] = Counter()
    for decade, n in plain.annotate(decade=F("start_year") / 10 * 10).values_list("decade").annotate(
            n=Count("id")):
        decades[str(decade) if decade is not None else "unknown"] += n
    return {
        "partner_country": partner_countries,
        "kind": Counter(dict(plain.values_list("kind__code").annotate(n=Count("id")))),
        "german_state": states,
        "decade": decades,
        "status": Counter(dict(plain.values_list("status").annotate(n=Count("id")))),
        "sdg": Counter({str(k): n for k, n in Partnership.sdgs.through.objects.filter(partnership_id__in=ids)
                        .order_by().values_list("sustainabledevelopmentgoal_id").annotate(n=Count("id"))}),
        "topic": Counter(dict(Partnership.topics.through.objects.filter(partnership_id__in=ids)
                              .order_by().values_list("topic__code").annotate(n=Count("id")))),
    }
