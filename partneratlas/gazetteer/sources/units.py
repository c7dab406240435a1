"""All administrative units of the offline sources, for the gazetteer load (loading.py)."""

from collections.abc import Iterable

from partneratlas.gazetteer.sources import boroughs, china, germany
from partneratlas.gazetteer.sources.places import Enrichment, Place, PlaceIndex, Unit


def administrative_units(place_rows: Iterable[Place], source: str) -> tuple[list[Unit], dict[str, Enrichment]]:
    """New units, and the GeoNames places (by ref) that are units too."""
    index = PlaceIndex(place_rows)
    units = germany.districts(index, source)
    more, enriched = boroughs.boroughs(index, source)
    units += more
    chinese, chinese_enriched = china.units(index, source)
    units += chinese
    for ref, enrichment in chinese_enriched.items():
        enriched[ref] = enriched[ref].merge(enrichment) if ref in enriched else enrichment
    return units, enriched
