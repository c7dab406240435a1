"""The German Landkreise and Kreise, from Destatis' list in npm's `landkreise-deutschland` (CC BY 4.0).

Kreisfreie Städte and Stadtkreise are towns, which GeoNames has; the 294 districts are
added with their AGS (Kreisschlüssel), type and population. Their position is the
largest place in the same Land that bears the district's name or a part of it (Landkreis
Göttingen → Göttingen, Limburg-Weilburg → Limburg an der Lahn); a district named after a
landscape is drawn at its seat (Lippe at Detmold, `SEATS`); one whose seat is not found has
no position and is left off the map rather than put in the wrong place. The parent is the Land (adm1:DE.<code>).
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


# The seat (Kreisstadt) of districts named after a landscape, where the map draws them (facts).
SEATS = {
    "Dithmarschen": "Heide", "Nordfriesland": "Husum", "Ostholstein": "Eutin", "Stormarn": "Bad Oldesloe",
    "Schaumburg": "Stadthagen", "Harburg": "Winsen (Luhe)", "Heidekreis": "Bad Fallingbostel",
    "Ammerland": "Westerstede", "Emsland": "Meppen", "Friesland": "Jever", "Wesermarsch": "Brake (Unterweser)",
    "Rhein-Erft-Kreis": "Bergheim", "Oberbergischer Kreis": "Gummersbach",
    "Rheinisch-Bergischer Kreis": "Bergisch Gladbach", "Rhein-Sieg-Kreis": "Siegburg", "Lippe": "Detmold",
    "Ennepe-Ruhr-Kreis": "Schwelm", "Hochsauerlandkreis": "Meschede", "Märkischer Kreis": "Lüdenscheid",
    "Bergstraße": "Heppenheim", "Hochtaunuskreis": "Bad Homburg vor der Höhe", "Main-Kinzig-Kreis": "Gelnhausen",
    "Main-Taunus-Kreis": "Hofheim am Taunus", "Odenwaldkreis": "Erbach", "Rheingau-Taunus-Kreis": "Bad Schwalbach",
    "Wetteraukreis": "Friedberg", "Lahn-Dill-Kreis": "Wetzlar", "Vogelsbergkreis": "Lauterbach",
    "Schwalm-Eder-Kreis": "Homberg", "Werra-Meißner-Kreis": "Eschwege", "Rhein-Hunsrück-Kreis": "Simmern",
    "Rhein-Lahn-Kreis": "Bad Ems", "Westerwaldkreis": "Montabaur", "Vulkaneifel": "Daun",
    "Donnersbergkreis": "Kirchheimbolanden", "Südliche Weinstraße": "Landau in der Pfalz",
    "Südwestpfalz": "Pirmasens", "Hohenlohekreis": "Künzelsau", "Main-Tauber-Kreis": "Tauberbischofsheim",
    "Ostalbkreis": "Aalen", "Neckar-Odenwald-Kreis": "Mosbach", "Rhein-Neckar-Kreis": "Heidelberg",
    "Enzkreis": "Pforzheim", "Breisgau-Hochschwarzwald": "Freiburg", "Ortenaukreis": "Offenburg",
    "Schwarzwald-Baar-Kreis": "Villingen-Schwenningen", "Zollernalbkreis": "Balingen", "Alb-Donau-Kreis": "Ulm",
    "Bodenseekreis": "Friedrichshafen", "Berchtesgadener Land": "Bad Reichenhall", "Rottal-Inn": "Pfarrkirchen",
    "Nürnberger Land": "Lauf an der Pegnitz", "Rhön-Grabfeld": "Bad Neustadt an der Saale",
    "Haßberge": "Haßfurt", "Main-Spessart": "Karlstadt", "Ostallgäu": "Marktoberdorf", "Unterallgäu": "Mindelheim",
    "Donau-Ries": "Donauwörth", "Oberallgäu": "Sonthofen", "Saarpfalz-Kreis": "Homburg", "Barnim": "Eberswalde",
    "Elbe-Elster": "Herzberg", "Havelland": "Rathenow", "Märkisch-Oderland": "Seelow", "Oberhavel": "Oranienburg",
    "Oberspreewald-Lausitz": "Senftenberg", "Oder-Spree": "Beeskow", "Ostprignitz-Ruppin": "Neuruppin",
    "Prignitz": "Perleberg", "Spree-Neiße": "Forst", "Uckermark": "Prenzlau",
    "Mecklenburgische Seenplatte": "Neubrandenburg", "Vorpommern-Rügen": "Stralsund",
    "Nordwestmecklenburg": "Wismar", "Erzgebirgskreis": "Annaberg-Buchholz", "Mittelsachsen": "Freiberg",
    "Vogtlandkreis": "Plauen", "Sächsische Schweiz-Osterzgebirge": "Pirna", "Nordsachsen": "Torgau",
    "Börde": "Haldensleben", "Burgenlandkreis": "Naumburg", "Harz": "Halberstadt", "Jerichower Land": "Burg",
    "Saalekreis": "Merseburg", "Salzlandkreis": "Bernburg", "Eichsfeld": "Heilbad Heiligenstadt",
    "Wartburgkreis": "Bad Salzungen", "Unstrut-Hainich-Kreis": "Mühlhausen", "Kyffhäuserkreis": "Sondershausen",
    "Ilm-Kreis": "Arnstadt", "Weimarer Land": "Apolda", "Saale-Holzland-Kreis": "Eisenberg",
    "Saale-Orla-Kreis": "Schleiz", "Altenburger Land": "Altenburg",
}


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
    name = re.sub(r"\b(i\.d\.OPf\.|a\.d\.)", lambda m: {"i.d.OPf.": "in der Oberpfalz"}.get(m[0], "an der"), name)
    seat = SEATS.get(name)
    for candidate in [seat] if seat else [name, f"Bad {name}", *re.split(r"[-\s]", name)]:
        candidate = re.sub(r"(kreis|Kreis)$", "", candidate).strip()
        if len(candidate) >= 3:
            found = index.find("DE", candidate, admin1) or index.find_any("DE", candidate, admin1)
            if found:
                return found
    return None
