"""Names of every country's first-level regions, in de/en/zh where the data has them.

GeoNames gives each place a first-level region code (admin1) but not the region's name.
The countries-states-cities database names the regions (English and local names, ISO
3166-2 code) and lists cities with their region; a GeoNames region is the one most of
its places share with that database's cities of the same name nearby. Where the vote is
not clear (under half of the matched places), GeoNames' code is taken as the ISO code
only when it is one and is not a number (numbers differ between the two systems: 12 is
Hokkaido in GeoNames and Chiba in ISO). German and Chinese names come from pycountry's
translations of ISO 3166-2.
"""

import gettext
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import countrystatecity_countries
import pycountry

from partneratlas.gazetteer.normalise import key

DATA = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
NEAR = 0.25  # degrees: a GeoNames place and a city of the database are the same within this distance


class State(NamedTuple):
    iso: str  # "PL-30"
    name: str  # English (or as the database writes it)
    native: str
    kind: str  # "voivodship", "province", "london borough" …
    latitude: float | None
    longitude: float | None


def states(cc: str) -> list[State]:
    path = DATA / cc / "states.json"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    return [State(r.get("iso3166_2") or f"{cc}-{r['state_code']}", r["name"], r.get("native") or "",
                  r.get("type") or "", _float(r.get("latitude")), _float(r.get("longitude"))) for r in rows]


def cities(cc: str) -> Iterable[tuple[str, str, float, float]]:
    """(ISO 3166-2 of the state, name, latitude, longitude) of the database's cities in a country."""
    folder = DATA / cc / "states"
    if not folder.is_dir():
        return
    for state_folder in folder.iterdir():
        path = state_folder / "cities.json"
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                for row in json.load(handle):
                    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
                    if lat is not None and lon is not None:
                        yield f"{cc}-{row['state_code']}", row["name"], lat, lon


def admin1_states(place_rows: Iterable[dict[str, Any]], skip: Iterable[str] = ()) -> dict[tuple[str, str], State]:
    """(country, GeoNames admin1 code) → the database's state, for every region it can tell (but in `skip`)."""
    places: dict[str, dict[str, list[tuple[str, float, float]]]] = defaultdict(lambda: defaultdict(list))
    skipped = set(skip)
    for row in place_rows:
        if row["admin1code"] and row["countrycode"] not in skipped:
            places[row["countrycode"]][key(row["name"])].append((row["admin1code"], row["latitude"], row["longitude"]))
    result: dict[tuple[str, str], State] = {}
    for cc, by_name in places.items():
        by_iso = {s.iso: s for s in states(cc)}
        if not by_iso:
            continue
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for iso, name, lat, lon in cities(cc):
            for admin1, plat, plon in by_name.get(key(name), ()):
                if abs(plat - lat) < NEAR and abs(plon - lon) < NEAR:
                    votes[admin1][iso] += 1
        codes = {admin1 for entries in by_name.values() for admin1, _lat, _lon in entries}
        for admin1 in codes:
            tally = votes.get(admin1)
            if tally:
                iso, count = tally.most_common(1)[0]
                if count * 2 > sum(tally.values()) and iso in by_iso:
                    result[(cc, admin1)] = by_iso[iso]
                    continue
            direct = by_iso.get(f"{cc}-{admin1}")
            if direct and not admin1.isdigit():
                result[(cc, admin1)] = direct
    return result


@cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def names_of(state: State) -> dict[str, str]:
    """{"de", "en", "zh-hans", "local", "iso"}: what a region is called, and written, in the data."""
    names = {"en": state.name, "iso": state.iso}
    subdivision = pycountry.subdivisions.get(code=state.iso)
    official = subdivision.name if subdivision else ""
    de = _translation("de").gettext(official) if official else ""
    zh = _translation("zh_CN").gettext(official) if official else ""
    names["de"] = de or official or state.name
    if zh and zh != official:
        names["zh-hans"] = zh
    local = state.native if state.native and state.native != state.name else official
    if local and local not in names.values():
        names["local"] = local
    return names


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
