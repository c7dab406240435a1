"""Bench 5: how much of a messy real-world partnership list the resolver places, and whether it ever guesses wrong.

Starts from bench 1's database (the full offline gazetteer). Generates a list of 6,000
partner names as people write them, each drawn from a known municipality of the gazetteer
(so the right answer is known), in the forms issue 11 names:

- German towns: as written officially, without the title ("Stade" for "Hansestadt Stade"),
  "Stadt X", umlauts spelled out ("Goettingen"), all in capitals, "X, <Land>";
- German districts: "Landkreis X", "Kreis X", "X (Landkreis)", and the name alone where no
  town of the Land bears it (written alone, "Göttingen" is the town: docs/resolution.md);
- boroughs: "Altona (Hamburg)", "Budapest XIII", "Prag 6", "Haidian (Beijing)";
- Chinese cities and county-level units: pinyin, characters, "X, <province>", "X City";
- British local authorities: "X Council", "London Borough of X";
- towns elsewhere: "X, <region>" (region in English) or the name alone;
- Danish towns: "X Kommune".

Each name is resolved with its country (as the import does) and sorted into: placed on the
right municipality, placed on another (a wrong guess: the goal is none), ambiguous, not found.
The named peer is the lookup a spreadsheet does (VLOOKUP / a SQL join on the official name):
a name placed only when exactly one municipality of that country bears it officially, as
written, ignoring case. Both run on the same list in the same run.

    .venv/bin/python bench/messy_list.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/messy_list.py
"""

import os
import random
import sys
import time
from collections import Counter, defaultdict
from typing import Any

from _common import (
    DATABASE_NAME,
    GAZETTEER_DB,
    ROOT,
    base_env,
    ensure_output,
    has_gazetteer,
    ratio,
    section,
    sigterm_as_exit,
    table,
)

SEED = 20261125
PER_FAMILY = 1000
GOAL_SHARE = 0.85
GOAL_WRONG = 0
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def families(rng: random.Random) -> dict[str, list[tuple[int, str, str]]]:
    """family → [(municipality id, written name, country)], PER_FAMILY each (fewer where the pool is smaller)."""
    from partneratlas.gazetteer.models import Municipality, MunicipalityName, Region
    from partneratlas.gazetteer.normalise import query_keys, without_title

    regions = {r.id: r for r in Region.objects.all()}

    def region_name(m: Municipality, language: str = "en") -> str | None:
        region = regions.get(m.region_id) if m.region_id else None
        return region.names.get(language) or region.names.get("en") if region else None

    def pool(**filters: Any) -> list[Municipality]:
        rows = list(Municipality.objects.filter(**filters).select_related("parent").order_by("id"))
        rng.shuffle(rows)
        return rows

    def town_keys(country: str) -> set[tuple[str, int]]:
        """(key, region) of every town's own names: a name alone means the town (docs/resolution.md)."""
        towns = MunicipalityName.objects.filter(country_id=country, municipality__kind="municipality")
        return set(towns.exclude(quality=MunicipalityName.Quality.ADDED).values_list("key", "municipality__region_id"))

    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for m in pool(country_id="DE", kind="municipality", population__gte=20_000)[:PER_FAMILY]:
        bare = without_title(m.name) or m.name
        land = region_name(m, "de")
        forms = [m.name, bare, f"Stadt {bare}", bare.translate(UMLAUTS), bare.upper()]
        if land:
            forms.append(f"{bare}, {land}")
        out["German towns"].append((m.id, rng.choice(forms), "Deutschland"))
    districts = pool(country_id="DE", kind="district")
    towns = town_keys("DE")
    for m in (districts * 4)[:PER_FAMILY]:
        forms = [f"Landkreis {m.name}", f"Kreis {m.name}", f"{m.name} (Landkreis)"]
        if (query_keys(m.name)[0], m.region_id) not in towns:
            forms.append(m.name)
        out["German districts"].append((m.id, rng.choice(forms), "Deutschland"))
    for m in pool(kind="borough", country_id__in=["DE", "HU", "CZ", "GB"]):
        forms = [m.name] + [a for a in m.alternative_names if "(" in a or a[-1:].isdigit() or "Borough" in a]
        out["boroughs (DE, HU, CZ, GB)"].append((m.id, rng.choice(forms), m.country_id))
    for m in pool(kind="borough", country_id="CN", parent__isnull=False)[:PER_FAMILY // 2]:
        parent = m.parent.name if m.parent else ""
        zh = m.localized_names.get("zh-hans") or ""
        forms = [f"{m.name} ({parent})"] + ([zh] if zh and zh.endswith("区") else [])
        out["Chinese districts"].append((m.id, rng.choice(forms), "China"))
    chinese = pool(country_id="CN", kind__in=["municipality", "county_city"], population__gte=300_000)
    for m in chinese[:PER_FAMILY]:
        zh = m.localized_names.get("zh-hans")
        province = region_name(m)
        forms = [m.name, f"{m.name} City"] + ([zh, f"{zh}市"] if zh else []) + (
            [f"{m.name}, {province}"] if province else [])
        out["Chinese cities"].append((m.id, rng.choice(forms), "China"))
    british_towns = town_keys("GB")
    for m in pool(country_id="GB", kind__in=["district", "county"]):
        forms = [f"{m.name} Council"]
        if (query_keys(m.name)[0], m.region_id) not in british_towns:
            forms.append(m.name)
        out["British local authorities"].append((m.id, rng.choice(forms), "United Kingdom"))
    elsewhere = pool(kind="municipality", population__gte=100_000, region__isnull=False)
    for m in [m for m in elsewhere if m.country_id not in ("DE", "CN")][:PER_FAMILY]:
        region = region_name(m)
        forms = [m.name] + ([f"{m.name}, {region}"] if region else [])
        out["towns elsewhere"].append((m.id, rng.choice(forms), m.country_id))
    for m in pool(country_id="DK", kind="municipality", population__gte=10_000):
        out["Danish kommuner"].append((m.id, f"{m.name} Kommune", "Dänemark"))
    return out


def spreadsheet_lookup(rows: list[tuple[int, str, str]]) -> list[int | None]:
    """The peer: exactly one municipality of the country officially bears the name as written (any case)."""
    from partneratlas.gazetteer.countries import resolve_country
    from partneratlas.gazetteer.models import Municipality

    wanted = defaultdict(set)
    codes = {}
    for _pk, name, country in rows:
        code = resolve_country(country)[0] or ""
        codes[(name, country)] = code
        wanted[code].add(name.casefold())
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code, names in wanted.items():
        for pk, name in Municipality.objects.filter(country_id=code).values_list("id", "name").iterator():
            if name.casefold() in names:
                index[(code, name.casefold())].append(pk)
    answers = []
    for _pk, name, country in rows:
        found = index.get((codes[(name, country)], name.casefold()), [])
        answers.append(found[0] if len(found) == 1 else None)
    return answers


def main() -> int:
    sigterm_as_exit()
    section(f"bench 5: a messy partnership list, placed by the resolver ({DATABASE_NAME})")
    ensure_output(GAZETTEER_DB, "gazetteer_load.py", has_gazetteer(GAZETTEER_DB))
    os.environ.update(base_env(GAZETTEER_DB))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import translation

    from partneratlas.gazetteer.resolution import Resolver

    translation.activate("en")
    rng = random.Random(SEED)
    by_family = families(rng)
    rows = [(pk, name, country, family) for family, items in by_family.items() for pk, name, country in items]
    started = time.perf_counter()
    resolver = Resolver()
    resolver.prefetch(name for _pk, name, _country, _family in rows)
    outcomes = [resolver.resolve(name, country) for _pk, name, country, _family in rows]
    seconds = time.perf_counter() - started
    peer_started = time.perf_counter()
    peer = spreadsheet_lookup([(pk, name, country) for pk, name, country, _family in rows])
    peer_seconds = time.perf_counter() - peer_started

    ours: dict[str, Counter[str]] = defaultdict(Counter)
    theirs: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_examples = []
    for (pk, name, country, family), outcome, answer in zip(rows, outcomes, peer, strict=True):
        if outcome.placed:
            verdict = "right" if outcome.municipality_id == pk else "wrong"
            if verdict == "wrong" and os.environ.get("BENCH_VERBOSE"):
                wrong_examples.append(f"[{family}] {name} ({country}) → {outcome.municipality_id}, not {pk}: "
                                      f"{outcome.reason}")
        else:
            verdict = outcome.status
        ours[family][verdict] += 1
        theirs[family]["right" if answer == pk else "wrong" if answer else "unplaced"] += 1
    lines = []
    for family in by_family:
        total = sum(ours[family].values())
        lines.append([family, total, f"{ours[family]['right'] / total:.0%}", ours[family]["wrong"],
                      ours[family]["ambiguous"], ours[family]["not_found"], f"{theirs[family]['right'] / total:.0%}",
                      theirs[family]["wrong"]])
    total = len(rows)
    right = sum(c["right"] for c in ours.values())
    wrong = sum(c["wrong"] for c in ours.values())
    peer_right = sum(c["right"] for c in theirs.values())
    lines.append(["all", total, f"{right / total:.1%}", wrong, sum(c["ambiguous"] for c in ours.values()),
                  sum(c["not_found"] for c in ours.values()), f"{peer_right / total:.1%}",
                  sum(c["wrong"] for c in theirs.values())])
    table(["family", "rows", "placed right", "placed wrong", "ambiguous", "not found", "peer: placed right",
           "peer: wrong"], lines)
    print(f"resolver: {total / seconds:,.0f} names/s ({seconds:.2f} s); spreadsheet lookup: {peer_seconds:.2f} s")
    for example in wrong_examples:
        print(f"  placed elsewhere: {example}")
    ratio("messy_list_placed_share", right / total, ">=", GOAL_SHARE)
    ratio("messy_list_placed_wrong", wrong, "<=", GOAL_WRONG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
