"""The map's data: one compact JSON payload per selection and language, cached and compressed.

    {"places": [[ref, name, latitude, longitude, country], …],
     "partnerships": [[kind, status, place, place, …], …],   # indexes into kinds, statuses, places
     "kinds": [name, …], "statuses": [name, …], "count": n}

Names are in the reader's language. A payload is built once per registry version
(`registry_version`), selection and language, kept gzipped in the cache and answered
with an ETag, so a revisit costs three index reads (the version) and a 304.
"""

import gzip
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import translation

from partneratlas.gazetteer.models import GazetteerLoad, Municipality
from partneratlas.i18n import pick
from partneratlas.registry.models import Membership, Partnership, PartnershipKind, Status
from partneratlas.registry.selectors import PartnershipFilter, partnerships_filtered

CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Payload:
    etag: str
    body: bytes
    gzipped: bytes


_read: tuple[float, str] = (float("-inf"), "")  # (when, version): this process's last reading


def registry_version() -> str:
    """Changes whenever a partnership is added, changed or removed, or the gazetteer reloaded.

    Three index-only reads: a count, the newest `updated_at` and the newest gazetteer load
    (one aggregate of both would scan the table; see docs/performance.md, bench 4). The
    count alone costs about 0.7 ms at 50,000 partnerships, most of a warm request, so a
    process reuses its reading for MAP_VERSION_SECONDS: the public map may show a change
    that much later.
    """
    global _read
    now = time.monotonic()
    if now - _read[0] < settings.MAP_VERSION_SECONDS:
        return _read[1]
    count = Partnership.objects.count()
    last = Partnership.objects.aggregate(last=Max("updated_at"))["last"]
    load = GazetteerLoad.objects.order_by("-id").values_list("id", flat=True).first()
    version = f"{count}.{last.timestamp() if last else 0}.{load or 0}"
    _read = (now, version)
    return version


def map_payload(params: dict[str, str], selection: Callable[[], PartnershipFilter]) -> Payload:
    """The payload of the selection named by the request's filter parameters.

    The cache is asked first, by the raw parameters; `selection` (which validates them and
    may raise) is only called to build a payload that is not cached yet, so invalid
    parameters never reach the cache and a warm request costs only the version.
    """
    language = translation.get_language() or "de"
    query = "&".join(f"{name}={params[name]}" for name in sorted(params))
    digest = hashlib.sha256(f"{registry_version()}|{language}|{query}".encode()).hexdigest()[:32]
    key = f"atlas:map:{digest}"
    cached = cache.get(key)
    if cached is None:
        body = orjson.dumps(build_payload(selection()))
        cached = Payload(etag=f'"{digest}"', body=body, gzipped=gzip.compress(body, compresslevel=6, mtime=0))
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def build_payload(filters: PartnershipFilter) -> dict[str, object]:
    selection = partnerships_filtered(filters).values("id")
    kinds = list(PartnershipKind.objects.all())
    kind_index = {k.id: i for i, k in enumerate(kinds)}
    statuses = list(Status)
    status_index = {s.value: i for i, s in enumerate(statuses)}
    partnerships: dict[int, list[int]] = {}
    for pid, kind_id, status in Partnership.objects.filter(id__in=selection).order_by("id").values_list(
            "id", "kind_id", "status"):
        partnerships[pid] = [kind_index[kind_id], status_index[status]]
    members = list(Membership.objects.filter(partnership_id__in=selection).order_by("partnership_id", "position")
                   .values_list("partnership_id", "municipality_id"))
    places: list[list[object]] = []
    place_index: dict[int, int] = {}
    wanted = Membership.objects.filter(partnership_id__in=selection).values("municipality_id")
    language = translation.get_language() or "de"
    for mid, ref, name, names, lat, lon, country in Municipality.objects.filter(id__in=wanted).order_by(
            "id").values_list("id", "ref", "name", "localized_names", "latitude", "longitude", "country_id"):
        place_index[mid] = len(places)
        places.append([ref, pick(names, name, language) if names else name,
                       round(lat, 4) if lat is not None else None, round(lon, 4) if lon is not None else None,
                       country])
    for pid, municipality in members:
        if pid in partnerships:
            partnerships[pid].append(place_index[municipality])
    return {
        "count": len(partnerships),
        "places": places,
        "partnerships": list(partnerships.values()),
        "kinds": [k.name for k in kinds],
        "statuses": [str(s.label) for s in statuses],
    }
