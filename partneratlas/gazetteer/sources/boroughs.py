"""City boroughs that hold partnerships: Berlin's and Hamburg's Bezirke, Budapest's and Prague's districts,
and England's, Scotland's, Wales' and Northern Ireland's local authorities.

Berlin, Hamburg and Prague are written here (facts: the boroughs' names; Berlin's and
Hamburg's populations rounded, Amt für Statistik Berlin-Brandenburg and Statistikamt Nord,
2023). A borough GeoNames already lists (Altona, Wandsbek, "Budapest XIII. kerület") keeps
its GeoNames record and learns its kind, its city and the ways lists write it; the others
are added, placed at the GeoNames places they are named after (Friedrichshain and
Kreuzberg) or, failing that, at their city. The British local authorities come from the
countries-states-cities database (second-level ISO 3166-2 units with a position).
"""

from partneratlas.gazetteer.sources import regions
from partneratlas.gazetteer.sources.places import Enrichment, PlaceIndex, Unit, gn, position

# In the order of the boroughs' official numbers (Berlin 01–12, Hamburg 1–7): the number is their ref.
BERLIN = [("Mitte", 397_000), ("Friedrichshain-Kreuzberg", 293_000), ("Pankow", 424_000),
          ("Charlottenburg-Wilmersdorf", 343_000), ("Spandau", 257_000), ("Steglitz-Zehlendorf", 310_000),
          ("Tempelhof-Schöneberg", 356_000), ("Neukölln", 330_000), ("Treptow-Köpenick", 294_000),
          ("Marzahn-Hellersdorf", 291_000), ("Lichtenberg", 311_000), ("Reinickendorf", 268_000)]
HAMBURG = [("Hamburg-Mitte", 311_000), ("Altona", 280_000), ("Eimsbüttel", 271_000), ("Hamburg-Nord", 321_000),
           ("Wandsbek", 451_000), ("Bergedorf", 132_000), ("Harburg", 172_000)]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII"]
# ISO 3166-2:GB types that are local authorities, and our kind for each.
GB_KINDS = {"london borough": "borough", "metropolitan district": "district", "unitary authority": "district",
            "two-tier county": "county", "council area": "district", "district": "district", "city": "district"}


def boroughs(index: PlaceIndex, source: str, british_source: str) -> tuple[list[Unit], dict[str, Enrichment]]:
    units: list[Unit] = []
    enriched: dict[str, Enrichment] = {}
    for city, admin1, table in (("Berlin", "16", BERLIN), ("Hamburg", "04", HAMBURG)):
        parent = index.find("DE", city, admin1)
        for number, (name, population) in enumerate(table, start=1):  # in the order of their official numbers
            forms = [f"{city}-{name}" if not name.startswith(city) else name, f"Bezirk {name}", f"{name} ({city})"]
            found = index.find("DE", name, admin1)
            if found and found["name"] == name:
                enriched[gn(found) or ""] = Enrichment("borough", gn(parent), forms)
                continue
            parts = [index.find("DE", part, admin1) for part in name.split("-")]
            seat = next((p for p in parts if p), parent)
            lat, lon = position(seat)
            units.append(Unit(f"unit:DE.{city.lower()}-{number:02d}", name, "DE", admin1, "borough", source,
                              population, lat, lon, gn(parent), forms))
    budapest = index.find("HU", "Budapest")
    for number, roman in enumerate(ROMAN, start=1):
        found = index.find("HU", f"Budapest {roman}. kerület")
        forms = [f"Budapest {roman}", f"Budapest {number}", f"{roman}. kerület", f"Budapest, {roman}. kerület",
                 f"{roman}. Bezirk (Budapest)", f"{number}. Bezirk Budapest", f"Budapest District {roman}",
                 f"Budapest {roman}. Bezirk"]
        if found:
            enriched[gn(found) or ""] = Enrichment("borough", gn(budapest), forms)
    prague = index.find("CZ", "Prague")
    lat, lon = position(prague)
    for number in range(1, 23):
        name = f"Praha {number}"
        found = index.find("CZ", name)
        forms = [f"Prag {number}", f"Prague {number}", f"Praha-{number}", f"Prag-{number}", f"Prague District {number}"]
        if found:
            enriched[gn(found) or ""] = Enrichment("borough", gn(prague), forms)
        else:
            units.append(Unit(f"unit:CZ.praha-{number}", name, "CZ", prague["admin1code"] if prague else None,
                              "borough", source, None, lat, lon, gn(prague), forms))
    british, british_places = british_authorities(index, british_source)
    return units + british, {**enriched, **british_places}


def british_authorities(index: PlaceIndex, source: str) -> tuple[list[Unit], dict[str, Enrichment]]:
    """British councils; one named like a GeoNames town nearby is that town's record (Leeds, Croydon).

    Twinning in Britain is done by the council: the town GeoNames lists stands for it.
    """
    import pycountry

    london = index.find("GB", "London")
    admin1_of = {"GB-ENG": "ENG", "GB-SCT": "SCT", "GB-WLS": "WLS", "GB-NIR": "NIR"}
    units = []
    enriched: dict[str, Enrichment] = {}
    for state in regions.states("GB"):
        kind = GB_KINDS.get(state.kind.lower())
        subdivision = pycountry.subdivisions.get(code=state.iso)
        if kind is None or subdivision is None or not subdivision.parent_code:
            continue
        forms = {state.name, subdivision.name, f"{state.name} Council", f"London Borough of {state.name}",
                 f"{state.name} District", f"{state.name} Borough", f"{state.name} County"}
        if kind != "borough":
            forms.discard(f"London Borough of {state.name}")
        town = _nearby(index, state)
        if town is not None:
            enriched[gn(town) or ""] = Enrichment("borough" if kind == "borough" else None,
                                                  gn(london) if kind == "borough" else None, sorted(forms))
            continue
        units.append(Unit(f"iso:{state.iso}", state.name, "GB", admin1_of.get(subdivision.parent_code), kind, source,
                          None, state.latitude, state.longitude,
                          gn(london) if state.kind.lower() == "london borough" else None,
                          sorted(forms - {state.name})))
    return units, enriched


def _nearby(index: PlaceIndex, state: "regions.State") -> dict[str, object] | None:
    """The GeoNames town named like a council, within about 20 km of the council's position."""
    for name in (state.name, state.name.removesuffix(" City")):
        town = index.find("GB", name)
        if town and state.latitude is not None and state.longitude is not None \
                and abs(float(town["latitude"]) - state.latitude) < 0.2 \
                and abs(float(town["longitude"]) - state.longitude) < 0.3:
            return town
    return None
