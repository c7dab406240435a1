"""The German Landkreise and Kreise, from Destatis' list in npm's `landkreise-deutschland` (CC BY 4.0).

Kreisfreie Städte and Stadtkreise are towns, which GeoNames has; the 294 districts are
added with their AGS (Kreisschlüssel), type and population. Their position is the
largest place in the same Land that bears the district's name or a part of it (Landkreis
Göttingen → Göttingen, Limburg-Weilburg → Limburg an der Lahn); a district named after a
landscape ("Lippe", "Hochsauerlandkreis") has no position of its own and is left off the
map rather than put in the wrong place. The parent is the Land (adm1:DE.<code>).
"""

import json
import re

from django.conf import settings

from partneratlas.gazetteer import regions_data
from partneratlas.gazetteer.sources.places import PlaceIndex, Unit, position

PACKAGE = "landkreise-deutschland"
KINDS = {"Landkreis": "district", "Kreis": "district", "Regionalverband": "district"}
# The first two digits of the AGS → GeoNames' admin1 code of the Land.
LAND_BY_AGS = {facts.iso: code for code, facts in regions_data.GERMANY.items()}
_AGS_LAND = {"01": "DE-SH", "02": "DE-HH", "03": "DE-NI", "04": "DE-HB", "05": "DE-NW", "06": "DE-HE",
             "07": "DE-RP", "08": "DE-BW", "09": "DE-BY", "10": "DE-SL", "11": "DE-BE", "12": "DE-BB",
             "13": "DE-MV", "14": "DE-SN", "15": "DE-ST", "16": "DE-TH"}
_PREFIX = {"Landkreis": "Landkreis", "Kreis": "Kreis", "Regionalverband": "Regionalverband"}


def read() -> list[dict[str, object]]:
    with open(settings.NODE_MODULES / PACKAGE / "data" / "districts.json", encoding="utf-8") as handle:
        return list(json.load(handle))


def districts(index: PlaceIndex, source: str) -> list[Unit]:
    units = []
    for row in read():
        kind = KINDS.get(str(row["type"]))
        if kind is None:
            continue
        ags = str(row["AGS"])
        admin1 = LAND_BY_AGS[_AGS_LAND[ags[:2]]]
        name = str(row["name"])
        bare = re.sub(r"^(Landkreis|Kreis|Region|Städteregion|Regionalverband)\s+", "", name)
        forms = {name, bare, f"{_PREFIX[str(row['type'])]} {bare}", f"Kreis {bare}", f"Landkreis {bare}",
                 f"{bare} (Landkreis)", f"{bare} (Kreis)"}
        lat, lon = position(_seat(index, admin1, bare))
        units.append(Unit(
            ref=f"ags:{ags}", name=name, country="DE", admin1=admin1, kind=kind, source=source,
            population=int(str(row["population"])) if row.get("population") else None, latitude=lat, longitude=lon,
            parent_ref=f"adm1:DE.{admin1}", alternatives=sorted(forms - {name}),
            source_url="https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/",
            ags=ags))
    return units


def _seat(index: PlaceIndex, admin1: str, name: str) -> dict[str, object] | None:
    """The largest place in the Land named like the district or a part of its name."""
    for candidate in [name, f"Bad {name}", *re.split(r"[-\s]", name)]:
        candidate = re.sub(r"(kreis|Kreis)$", "", candidate).strip()
        if len(candidate) >= 3:
            found = index.find("DE", candidate, admin1)
            if found:
                return found
    return None
