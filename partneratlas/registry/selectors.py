"""Reads of the registry shared by the API, exports and statistics."""

import datetime
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import translation

from partneratlas.gazetteer.models import Municipality, MunicipalityName, Region
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.regions_data import EXTRA_REGION_NAMES, GERMANY
from partneratlas.i18n import pick
from partneratlas.registry.models import (
    Actor,
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
    include_unpublished: bool = False  # the public never sees unpublished partnerships; the registry command does


class UnknownFilterValue(ValueError):
    def __init__(self, name: str, value: object) -> None:
        super().__init__(name, value)
        self.name, self.value = name, value


def german_state_code(text: str) -> str | None:
    """The GeoNames code of a German Land ("07"), given by code, ISO code or any of its names."""
    wanted = key(text)
    for code, facts in GERMANY.items():
        forms = [code, facts.iso, facts.iso[3:], facts.de, facts.en, facts.zh, *EXTRA_REGION_NAMES.get(facts.iso, [])]
        if wanted in {key(form) for form in forms}:
            return code
    return None


def unpublished() -> QuerySet[Partnership, Any]:
    """The ids of unpublished partnerships: few, read from a partial index."""
    return Partnership.objects.filter(published=False).values("id")


def public_memberships() -> QuerySet[Membership]:
    """Memberships of published partnerships: what the public may count and list."""
    return Membership.objects.exclude(partnership_id__in=unpublished())


def _memberships(filters: PartnershipFilter) -> QuerySet[Membership]:
    return Membership.objects.all() if filters.include_unpublished else public_memberships()


def _members_where(condition: Q) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(condition).values("partnership_id")


def _member_conditions(filters: PartnershipFilter) -> list[Q]:
    """The filters that are about one member: its country, its German state, the member itself."""
    conditions = []
    if filters.country:
        conditions.append(Q(country_id=filters.country.upper()))
    if filters.german_state:
        code = german_state_code(filters.german_state)
        if code is None:
            raise UnknownFilterValue("german_state", filters.german_state)
        # Named by country and code: no lookup query, and still the (region, partnership) index.
        conditions.append(Q(region__country_id=GERMANY_CODE, region__code=code))
    if filters.municipality is not None:
        conditions.append(Q(municipality_id=filters.municipality))
    return conditions


def partnerships_filtered(filters: PartnershipFilter) -> QuerySet[Partnership]:
    """Partnerships matching every given filter; raises UnknownFilterValue for unknown terms."""
    qs = Partnership.objects.all() if filters.include_unpublished else Partnership.objects.filter(published=True)
    for condition in _member_conditions(filters):
        qs = qs.filter(id__in=_members_where(condition))
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
    if filters.q and filters.q.strip():
        qs = qs.filter(Q(id__in=_members_where(Q(municipality_id__in=_name_matches(filters.q))))
                       | Q(description__icontains=filters.q.strip()))
    return qs


def _only_member_condition(filters: PartnershipFilter) -> Q | None:
    """The member condition, when one is the whole filter (“partnerships with China”).

    Such a selection can be read from the membership index alone, ten times faster than
    through the partnerships (docs/performance.md).
    """
    conditions = _member_conditions(filters)
    others = {name for name, value in asdict(filters).items()
              if value not in (None, "", False) and name not in {"country", "german_state", "municipality"}}
    return conditions[0] if len(conditions) == 1 and not others else None


def partnerships_count(filters: PartnershipFilter) -> int:
    """How many partnerships match the filters."""
    condition = _only_member_condition(filters)
    if condition is not None:
        return _memberships(filters).filter(condition).aggregate(n=Count("partnership_id", distinct=True))["n"]
    return partnerships_filtered(filters).count()


def partnership_ids_page(filters: PartnershipFilter, order: Sequence[str | OrderBy], offset: int,
                         limit: int) -> list[int]:
    """The ids of one page of the selection, in the given order (which must end on the id)."""
    condition = _only_member_condition(filters)
    if condition is not None and list(order) == ["id"]:
        return list(_memberships(filters).filter(condition).order_by("partnership_id")
                    .values_list("partnership_id", flat=True).distinct()[offset:offset + limit])
    return list(partnerships_filtered(filters).order_by(*order).values_list("id", flat=True)[offset:offset + limit])


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
class ActorRow:
    name: str
    kind: str
    role: str
    member_ref: str  # the member it belongs to, or ""


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
    actors: list[ActorRow] = field(default_factory=list)


def partnership_rows(ids: Iterable[int]) -> list[PartnershipRow]:
    """Partnerships with members, SDGs, topics, history, resolutions and actors, in the order of `ids`.

    The registry's hottest read (API lists, exports): seven plain SQL statements per 500
    partnerships over the models' own tables, without model instances or query compilation,
    which cost more than SQLite's own work here (see docs/performance.md).
    """
    wanted = list(ids)
    rows: dict[int, PartnershipRow] = {}
    read = _Reader(translation.get_language())
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for (pid, uid, kind, kind_names, status, since, signed, description, languages, source, url,
             verified) in read.rows("partnerships", chunk):
            rows[pid] = PartnershipRow(
                pid, read.uuid(uid), kind, read.name(kind_names, kind), status, since, read.date(signed),
                description, read.json(languages), source, url, read.date(verified))
        for pid, mid, ref, name, localized, country, region_names, region_code, kind, lat, lon in read.rows(
                "members", chunk):
            rows[pid].members.append(MemberRow(
                mid, ref, name, read.name(localized, name), country, read.name(region_names, ""),
                region_code or "", kind, lat, lon))
        for pid, number in read.rows("sdgs", chunk):
            rows[pid].sdgs.append(number)
        for pid, code in read.rows("topics", chunk):
            rows[pid].topics.append(code)
        for pid, status, year, date in read.rows("history", chunk):
            rows[pid].status_history.append((status, year, read.date(date)))
        for pid, date, reference in read.rows("resolutions", chunk):
            rows[pid].council_resolutions.append((read.date(date) or datetime.date.min, reference))
        for pid, name, kind, role, ref in read.rows("actors", chunk):
            rows[pid].actors.append(ActorRow(name, kind, role, ref or ""))
    return [rows[pid] for pid in wanted if pid in rows]


class _Reader:
    """The SQL of partnership_rows, written once per process from the models' table names."""

    _sql: dict[str, str] = {}

    def __init__(self, language: str | None) -> None:
        self.language = language
        lang = (language or "de").lower()
        # The keys pick() would use; a stored text with none of them needs no decoding.
        self._keys = tuple(f'"{code}"' for code in {lang, lang.split("-")[0], "en"})
        self._names: dict[tuple[Any, str], str] = {}
        if not self._sql:
            t = {name: connection.ops.quote_name(model._meta.db_table) for name, model in (
                ("p", Partnership), ("k", PartnershipKind), ("m", Membership), ("g", Municipality),
                ("r", Region), ("s", Partnership.sdgs.through), ("pt", Partnership.topics.through),
                ("t", Topic), ("h", StatusChange), ("c", CouncilResolution), ("a", Actor))}
            self._sql.update({
                "partnerships": f"SELECT p.id, p.uid, k.code, k.names, p.status, p.start_year, p.signed_on, "
                                f"p.description, p.working_languages, p.source, p.source_url, p.verified_on "
                                f"FROM {t['p']} p JOIN {t['k']} k ON k.id = p.kind_id WHERE p.id IN ({{ids}})",
                "members": f"SELECT m.partnership_id, g.id, g.ref, g.name, g.localized_names, m.country_id, r.names, "
                           f"r.code, g.kind, g.latitude, g.longitude FROM {t['m']} m "
                           f"JOIN {t['g']} g ON g.id = m.municipality_id LEFT JOIN {t['r']} r ON r.id = m.region_id "
                           f"WHERE m.partnership_id IN ({{ids}}) ORDER BY m.partnership_id, m.position, m.id",
                "sdgs": f"SELECT partnership_id, sustainabledevelopmentgoal_id FROM {t['s']} "
                        f"WHERE partnership_id IN ({{ids}}) ORDER BY partnership_id, sustainabledevelopmentgoal_id",
                "topics": f"SELECT pt.partnership_id, t.code FROM {t['pt']} pt JOIN {t['t']} t ON t.id = pt.topic_id "
                          f"WHERE pt.partnership_id IN ({{ids}}) ORDER BY pt.partnership_id, t.position, t.code",
                "history": f"SELECT partnership_id, status, year, date FROM {t['h']} "
                           f"WHERE partnership_id IN ({{ids}}) ORDER BY partnership_id, id",
                "resolutions": f"SELECT partnership_id, date, reference FROM {t['c']} "
                               f"WHERE partnership_id IN ({{ids}}) ORDER BY partnership_id, date, id",
                "actors": f"SELECT a.partnership_id, a.name, a.kind, a.role, g.ref FROM {t['a']} a "
                          f"LEFT JOIN {t['g']} g ON g.id = a.municipality_id "
                          f"WHERE a.partnership_id IN ({{ids}}) ORDER BY a.partnership_id, a.position, a.id",
            })

    def rows(self, name: str, ids: list[int]) -> list[tuple[Any, ...]]:
        if not ids:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self._sql[name].format(ids=", ".join(["%s"] * len(ids))), ids)
            return cursor.fetchall()

    # SQLite hands back text where PostgreSQL hands back values.
    @staticmethod
    def uuid(value: Any) -> str:
        if isinstance(value, uuid.UUID):
            return str(value)
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"  # SQLite keeps the hex

    @staticmethod
    def date(value: Any) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value

    @staticmethod
    def json(value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def name(self, names: Any, fallback: str) -> str:
        """The name in the reader's language from a stored {language: name}; the same texts recur on a page."""
        if not names or (isinstance(names, str) and not any(k in names for k in self._keys)):
            return fallback
        memo = (names if isinstance(names, str) else json.dumps(names, sort_keys=True), fallback)
        if memo not in self._names:
            self._names[memo] = pick(self.json(names), fallback, self.language)
        return self._names[memo]


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
