"""The resolution service: a name and a country → one municipality, or an honest "not sure".

    resolver = Resolver()
    result = resolver.resolve("Taizhou", country="Volksrepublik China", region="Zhejiang")
    result.status        # "placed" | "ambiguous" | "not_found" | "invalid"
    result.municipality_id, result.candidates, result.reason

It never guesses between comparable candidates. A place is chosen only when it is the
only one of that name, when the region hint leaves one, when a gazetteer reference names
it, when its population is at least DOMINANCE times that of every other candidate
(Dongguan with 9.6 million against villages called Dongguan), or when it is the largest
and the only one whose official name it is (Shanghai against the district Minhang, which
GeoNames also lists as "Shanghai"). Two large Taizhous, or
Halle (Saale) against Halle (Westf.), stay ambiguous and are listed, best first.

A Resolver caches what it has read, so an import asks the database once per distinct name.
"""

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from django.db.models import F, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.gazetteer import regions_data
from partneratlas.gazetteer.countries import resolve_country
from partneratlas.gazetteer.models import Municipality, MunicipalityName, Region
from partneratlas.gazetteer.normalise import key, query_keys
from partneratlas.gazetteer.settled import NameAlias
from partneratlas.gazetteer.written import BOROUGH, DISTRICT, readings

DOMINANCE = 25
UNKNOWN_POPULATION = 500  # GeoNames lists places of 500 or more; 0 there means "not known"
# A district, borough or county whose population no source gives may be large: it counts as
# 50,000, so that only a city of 1.25 million or more outranks it (Dongguan and Yiwu, not Nanping).
UNKNOWN_UNIT_POPULATION = 50_000
_SIZEABLE = ("district", "borough", "county", "county_city")
# In the order of Candidate's fields.
_FIELDS = ("municipality_id", "municipality__ref", "municipality__name", "municipality__country_id",
           "municipality__region_id", "municipality__kind", "municipality__population", "quality",
           "municipality__parent_id")
_RECORD = ("id", "ref", "name", "country_id", "region_id", "kind", "population", "parent_id")
_UNITS = ("district", "county")  # named after a town, they yield to it when the name alone is written
_CHUNK = 500

Status = Literal["placed", "ambiguous", "not_found", "invalid"]


@dataclass(frozen=True)
class Candidate:
    id: int
    ref: str
    name: str
    country: str
    region_id: int | None
    kind: str
    population: int | None
    quality: int
    parent_id: int | None = None

    @property
    def weight(self) -> int:
        if self.population:
            return self.population
        return UNKNOWN_UNIT_POPULATION if self.kind in _SIZEABLE else UNKNOWN_POPULATION

    def describe(self, regions: dict[int, str]) -> str:
        """"Taizhou (CN, Jiangsu, 1,607,108 inh.) [gn:1793505]"."""
        parts = [self.country]
        if self.region_id in regions:
            parts.append(regions[self.region_id])
        if self.population:
            parts.append(_("%(population)s inh.") % {"population": _number(self.population)})
        return f"{self.name} ({', '.join(parts)}) [{self.ref}]"


@dataclass(frozen=True)
class Resolution:
    status: Status
    reason: str
    municipality_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    country: str | None = None
    cause: str = ""  # why not placed, as a code the import's summary groups by (causes.py)
    settled: bool = False  # placed by a name a person settled (an alias)

    @property
    def placed(self) -> bool:
        return self.status == "placed"


class Resolver:
    def __init__(self, *, owner_id: int | None = None) -> None:
        """`owner_id`: whose remembered names apply besides the shared ones (the uploader)."""
        self._owner_id = owner_id
        self._aliases: dict[tuple[str, str, str], tuple[int, str]] | None = None
        self._by_key: dict[str, list[Candidate]] = {}
        self._regions: dict[str, dict[str, set[int]]] = {}
        self._region_names: dict[int, str] = {}
        self._refs: dict[str, Candidate | None] = {}
        self._ids: dict[int, Candidate] = {}
        self._answers: dict[tuple[str, str | None, str | None, str | None, str | None], Resolution] = {}

    # --- reading, in bulk -------------------------------------------------------------

    def prefetch(self, names: Iterable[str]) -> None:
        """Read the candidates of many names at once (an importer calls this first)."""
        names = list(names)
        self.prefetch_keys([k for name in names for k in query_keys(name)])
        wanted = {key(name) for name in names}
        self.prefetch_ids(pk for (k, _cc, _region), (pk, _why) in self._settled_names().items() if k in wanted)

    def prefetch_keys(self, keys: Iterable[str]) -> None:
        missing = sorted({k for k in keys if k not in self._by_key})
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            for k in chunk:
                self._by_key[k] = []
            for row in MunicipalityName.objects.filter(key__in=chunk).values_list("key", *_FIELDS):
                self._by_key[row[0]].append(Candidate(*row[1:]))

    def prefetch_refs(self, refs: Iterable[str]) -> None:
        missing = sorted({ref for ref in refs if ref not in self._refs})
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            found = {row[1]: _record(row) for row in Municipality.objects.filter(ref__in=chunk).values_list(*_RECORD)}
            for ref in chunk:
                self._refs[ref] = found.get(ref)

    def _candidates(self, keys: Iterable[str], country: str | None) -> list[Candidate]:
        self.prefetch_keys(keys)
        best: dict[int, Candidate] = {}
        for k in keys:
            for candidate in self._by_key[k]:
                if country and candidate.country != country:
                    continue
                if candidate.id not in best or candidate.quality > best[candidate.id].quality:
                    best[candidate.id] = candidate
        found = list(best.values())
        if any(c.quality == MunicipalityName.Quality.OFFICIAL for c in found):
            # A name an administration added to its own record never outranks another's official name.
            found = [c for c in found if c.quality != MunicipalityName.Quality.ADDED]
        return sorted(found, key=lambda c: (-c.weight, -c.quality, c.name, c.id))

    def region_names(self) -> dict[int, str]:
        if not self._region_names:
            self._region_names = {r.id: r.name for r in Region.objects.all() if r.name}
        return self._region_names

    def _region_index(self, country: str) -> dict[str, set[int]]:
        if country not in self._regions:
            index: dict[str, set[int]] = {}
            facts = regions_data.BY_COUNTRY.get(country, {})
            for region in Region.objects.filter(country_id=country):
                forms = [*region.names.values(), region.code]
                if region.code in facts:
                    iso = facts[region.code].iso
                    forms += [iso, iso.split("-")[1], *regions_data.EXTRA_REGION_NAMES.get(iso, [])]
                for form in forms:
                    for variant in _affix_variants(key(form)):
                        index.setdefault(variant, set()).add(region.id)
            self._regions[country] = index
        return self._regions[country]

    def region_ids(self, country: str, text: str) -> set[int]:
        """The regions a hint names: "Zhejiang", "Zhejiang Sheng", "浙江", "CN-ZJ", "Land Hessen", "NRW".

        Usually one; two where the data gives two regions one name (Moscow the city and the oblast).
        """
        index = self._region_index(country)
        return next((index[v] for v in _affix_variants(key(text)) if v in index), set())

    def region_id(self, country: str, text: str) -> int | None:
        """The one region a hint names; None when it names none or several."""
        ids = self.region_ids(country, text)
        return next(iter(ids)) if len(ids) == 1 else None

    # --- deciding ---------------------------------------------------------------------

    def resolve(
        self,
        name: str,
        country: str | None = None,
        region: str | None = None,
        *,
        ref: str | None = None,
        kind: str | None = None,
    ) -> Resolution:
        """Resolve one name; `country` is an ISO code or a country name in de/en/zh."""
        question = (name, country, region, ref, kind)
        if question not in self._answers:
            self._answers[question] = self._resolve(name, country, region, ref=ref, kind=kind)
        return self._answers[question]

    def _resolve(self, name: str, country: str | None, region: str | None, *, ref: str | None,
                 kind: str | None) -> Resolution:
        if ref:
            self.prefetch_refs([ref])
            found = self._refs.get(ref)
            if found:
                return Resolution("placed", _("gazetteer reference %(ref)s") % {"ref": ref}, found.id, (found,),
                                  found.country)
        name = (name or "").strip()
        if not name:
            return Resolution("invalid", _("no municipality name given"), cause="no_name")
        code = None
        if country and country.strip():
            code, rest = resolve_country(country)
            if code is None:
                return Resolution("invalid", _("country “%(country)s” not recognised") % {"country": country},
                                  cause="unknown_country")
            if rest and not region:
                region = ", ".join(rest)
        settled = self._settled(name, code, region)
        if settled:
            return settled
        result = self._lookup(name, code, region, (kind,) if kind else ())
        if result.placed:
            return result
        for reading in readings(name):
            attempt = self._lookup(reading.name, code, reading.hint or region, reading.kinds)
            note = "; " + reading.describe()
            if attempt.placed:
                return replace(attempt, reason=attempt.reason + note)
            if result.status == "not_found" and (attempt.status == "ambiguous" or attempt.cause != "not_found"):
                result = replace(attempt, reason=attempt.reason + note)
        return result

    def _lookup(self, name: str, code: str | None, region: str | None, kinds: tuple[str, ...]) -> Resolution:
        keys = query_keys(name)
        candidates = self._candidates(keys[:1], code) or self._candidates(keys[1:], code)
        if kinds:
            candidates = [c for c in candidates if c.kind in kinds]
        if not candidates:
            cause = {DISTRICT: "not_found_district", BOROUGH: "not_found_borough"}.get(kinds, "not_found")
            return Resolution("not_found", self._not_found_reason(name, code), None,
                              tuple(self.suggestions(keys[0] if keys else "", code)), code, cause=cause)
        note = ""
        if not kinds:
            candidates, note = _towns_first(candidates)
        if region and region.strip() and code:
            within = self._within(code, region, candidates)
            if within is None:
                note += " " + _("(region “%(region)s” not recognised, ignored)") % {"region": region}
            else:
                if not within:
                    return Resolution(
                        "not_found",
                        _("no municipality “%(name)s” in region %(region)s") % {"name": name, "region": region},
                        None, tuple(candidates[:5]), code, cause="not_in_region")
                if len(within) == 1 and len(candidates) > 1:
                    return Resolution("placed", _("of %(count)d candidates, only one lies in region %(region)s")
                                      % {"region": region, "count": len(candidates)},
                                      within[0].id, tuple(candidates), code)
                candidates = within
                note += " " + _("(within region %(region)s)") % {"region": region}
        return self._decide(name, candidates, code, note)

    def _within(self, code: str, hint: str, candidates: list[Candidate]) -> list[Candidate] | None:
        """The candidates in the region a hint names, or part of the city it names; None: the hint names neither."""
        region_ids = self.region_ids(code, hint)
        if region_ids:
            return [c for c in candidates if c.region_id in region_ids]
        parents = {c.id for c in self._candidates(query_keys(hint)[:1], code)}
        if parents:
            return [c for c in candidates if c.parent_id in parents]
        return None

    def _settled(self, name: str, code: str | None, region: str | None) -> Resolution | None:
        """The municipality a person settled this name to, if one did (the owner's first, then shared)."""
        found = self._settled_names().get((key(name)[:200], code or "", key(region or "")[:100]))
        if not found:
            return None
        self.prefetch_ids([found[0]])
        candidate = self._ids[found[0]]
        return Resolution("placed", found[1], candidate.id, (candidate,), candidate.country, settled=True)

    def _settled_names(self) -> dict[tuple[str, str, str], tuple[int, str]]:
        if self._aliases is None:
            self._aliases = {}
            rows = NameAlias.objects.filter(Q(owner=None) | Q(owner_id=self._owner_id or 0)).order_by(
                F("owner_id").desc(nulls_last=True))  # the owner's own first, on PostgreSQL too
            for alias in rows.values_list("key", "country_id", "region_key", "municipality_id", "source",
                                          "created_at", "owner_id"):
                wanted, cc, region_key, pk, source, at, owner = alias
                self._aliases.setdefault((wanted, cc or "", region_key), (pk, _alias_reason(source, at, owner)))
        return self._aliases

    def prefetch_ids(self, ids: Iterable[int]) -> None:
        missing = sorted({pk for pk in ids if pk not in self._ids})
        if not missing:
            return
        for row in Municipality.objects.filter(id__in=missing).values_list(*_RECORD):
            self._ids[row[0]] = _record(row)

    def _decide(self, name: str, candidates: list[Candidate], code: str | None, note: str) -> Resolution:
        top = candidates[0]
        if len(candidates) == 1:
            reason = _("the only municipality of that name")
            return Resolution("placed", reason + note, top.id, (top,), top.country)
        second = candidates[1]
        if top.population and top.weight >= DOMINANCE * second.weight:
            reason = _("population %(top)s far exceeds that of the next candidate (%(second)s)") % {
                "top": _number(top.population), "second": _number(second.population or 0)}
            return Resolution("placed", reason + note, top.id, tuple(candidates), top.country)
        official = [c for c in candidates if c.quality == MunicipalityName.Quality.OFFICIAL]
        if len(official) == 1 and official[0] is top and top.weight > second.weight:
            reason = _("the largest candidate and the only one officially called so")
            return Resolution("placed", reason + note, top.id, tuple(candidates), top.country)
        ranked = tuple(sorted(candidates, key=lambda c: (-c.quality, -c.weight, c.name, c.id)))
        reason = ngettext("%(count)d municipality matches “%(name)s”", "%(count)d municipalities match “%(name)s”",
                          len(candidates)) % {"count": len(candidates), "name": name}
        cause = "ambiguous_hint" if "(" in note else "ambiguous"
        return Resolution("ambiguous", reason + note, None, ranked, code, cause=cause)

    def _not_found_reason(self, name: str, code: str | None) -> str:
        if code:
            return _("no municipality “%(name)s” in %(country)s") % {"name": name, "country": code}
        return _("no municipality “%(name)s”") % {"name": name}

    def suggestions(self, wanted: str, country: str | None, limit: int = 5) -> list[Candidate]:
        """The closest names, for a name that was not found."""
        if len(wanted) < 2:
            return []
        prefix = wanted[:2]
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = MunicipalityName.objects.filter(key__gte=prefix, key__lt=upper)
        if country:
            rows = rows.filter(country_id=country)
        pool: dict[str, list[Candidate]] = {}
        for row in rows.values_list("key", *_FIELDS)[:20_000]:
            pool.setdefault(row[0], []).append(Candidate(*row[1:]))
        close = difflib.get_close_matches(wanted, list(pool), n=limit * 2, cutoff=0.75)
        seen: dict[int, Candidate] = {}
        for k in close:
            for candidate in sorted(pool[k], key=lambda c: -c.weight):
                seen.setdefault(candidate.id, candidate)
        return list(seen.values())[:limit]


def _record(row: tuple[Any, ...]) -> Candidate:
    pk, ref, name, country, region_id, kind, population, parent_id = row
    return Candidate(pk, ref, name, country, region_id, kind, population, MunicipalityName.Quality.OFFICIAL, parent_id)


def _towns_first(candidates: list[Candidate]) -> tuple[list[Candidate], str]:
    """A name written alone means the town, not the district named after it (Göttingen, not Landkreis Göttingen)."""
    towns = {c.region_id for c in candidates  # any name of the town's own, not one a person added
             if c.kind not in _UNITS and c.quality != MunicipalityName.Quality.ADDED}
    kept = [c for c in candidates if c.kind not in _UNITS or c.region_id not in towns]
    if len(kept) == len(candidates):
        return candidates, ""
    return kept, " " + _("(the town, not the district of the same name)")


def _alias_reason(source: str, at: datetime.datetime, owner: int | None) -> str:
    values = {"date": date_format(at, "SHORT_DATE_FORMAT"), "source": source or "—"}
    if owner is None:
        return _("a name the agency has settled (%(date)s, %(source)s)") % values
    return _("a name you settled before (%(date)s, %(source)s)") % values


_REGION_AFFIXES = ("sheng", "shi", "zizhiqu", "省", "市", "州", "自治区", "land", "freistaat", "provinz", "province")


def _affix_variants(k: str) -> list[str]:
    """A region key with and without words like "Sheng", "省", "Land", "Freistaat"."""
    variants = [k]
    for affix in _REGION_AFFIXES:
        if k.endswith(affix) and len(k) > len(affix) + 1:
            variants.append(k[: -len(affix)])
        if k.startswith(affix) and len(k) > len(affix) + 1:
            variants.append(k[len(affix):])
    return variants


def _number(value: int) -> str:
    """1,607,108 in English, 1.607.108 in German."""
    return number_format(value, force_grouping=True)
