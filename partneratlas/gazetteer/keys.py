"""The search keys of a municipality, from its names: what the resolution service and the search look up."""

from collections.abc import Iterable

from partneratlas.gazetteer.models import MunicipalityName
from partneratlas.gazetteer.normalise import name_keys

Quality = MunicipalityName.Quality


def search_keys(official: str, alternatives: Iterable[str], added: Iterable[str] = ()) -> dict[str, int]:
    """key → quality for every form of every name; a key keeps the best quality any name gives it.

    `added` are names a person added to the record: they get the lowest quality (ADDED),
    unless the gazetteer also knows them, so that they never outrank another municipality's
    official name.
    """
    best: dict[str, int] = {}
    added = set(added)
    named = [(official, Quality.OFFICIAL)] + [(a, Quality.ALTERNATIVE) for a in alternatives if a not in added]
    for name, exact_quality in named + [(a, Quality.ADDED) for a in added]:
        for k, exact in name_keys(name):
            quality = exact_quality if exact or exact_quality == Quality.ADDED else Quality.BASE
            if len(k) <= 200 and (k not in best or quality > best[k]):
                best[k] = quality
    return best
