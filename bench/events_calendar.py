"""Bench: the events calendar (/events/) with 2,000 editions (issue 13).

Builds its own database (bench/out/events_calendar.sqlite3 or bench_events_calendar): a copy of bench 1's
(migrated, the gazetteer loaded) when there is one, else a new one with the large towns of a few
countries; then 100 series (formats and regions spread over them) with 20 editions each, half past
and half upcoming, each with a track, its pool of seats and three programme items (bulk-inserted: the
rows `edition_create` leaves).

Measured in this process with Django's test client (the product's settings with DEBUG=false, as the
other benches), anonymous: p50/p95 over 200 requests (after three warm-up requests) of the calendar's
first page, of a filtered page (region and language) and of a past page, and the SQL queries of one
request at half the editions and at all of them: they must be equal.

The peer, in the same run on the same database: the same page read by one hand-written SQL statement
(the upcoming published editions with their series and place, 50 in date order, and their count): the
floor of the request, with no framework, template or rights.

    .venv/bin/python bench/events_calendar.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/events_calendar.py
"""

import datetime
import os
import statistics
import sys
import time
import uuid
from typing import Any

from _common import DATABASE_NAME, GAZETTEER_DB, Database, base_env, has_gazetteer, require_postgres, section, table

DB = Database("events_calendar")
SERIES = 100
PER_SERIES = 20  # 2,000 editions
REQUESTS = 200
GOAL_P95_MS = 100
COUNTRIES = {"DE", "CN", "NA", "UA"}
NOW = datetime.datetime.now(datetime.UTC)


def setup() -> None:
    require_postgres()
    copied = has_gazetteer(GAZETTEER_DB)
    if copied:
        GAZETTEER_DB.copy_to(DB)
    else:
        DB.create_empty()
    os.environ.update(base_env(DB, ALLOWED_HOSTS="127.0.0.1,testserver"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not copied:
        from partneratlas.gazetteer.loading import gazetteer_load, read_countries, read_places

        gazetteer_load(places=[p for p in read_places() if p["countrycode"] in COUNTRIES
                               and (p["population"] or 0) >= 100_000],
                       countries=[c for c in read_countries() if c["iso"] in COUNTRIES], source="bench")


def build(editions_per_series: int, *, first_series: int = 0, count: int = SERIES) -> None:
    """`count` series with `editions_per_series` editions each (half of them past)."""
    from partneratlas.capacity.models import Pool
    from partneratlas.events.models import Edition, Format, Series, Session, Track, WorldRegion
    from partneratlas.gazetteer.models import Municipality
    from partneratlas.people.models import Organisation, OrganisationKind

    agency, _ = Organisation.objects.get_or_create(kind=OrganisationKind.AGENCY, name="Servicestelle (bench)")
    places = list(Municipality.objects.filter(country_id="DE").order_by("-population")
                  .values_list("pk", flat=True)[:200])
    formats, regions = list(Format.values), [*WorldRegion.values, ""]
    languages = [["de"], ["de", "en"], ["de", "zh"], ["de", "en", "fr"], ["de", "uk"]]
    for n in range(first_series, first_series + count):
        series = Series.objects.create(slug=f"bench-{n}", format=formats[n % len(formats)], region=regions[n % 5],
                                       names={"de": f"Reihe {n}", "en": f"Series {n}"}, organiser=agency)
        editions = []
        for k in range(editions_per_series):
            start = NOW + datetime.timedelta(days=(k - editions_per_series // 2) * 40 + n % 37)
            editions.append(Edition(series=series, number=k + 1, state="published" if k % 10 else "cancelled",
                                    starts_at=start, ends_at=start + datetime.timedelta(days=1),
                                    place_id=places[(n * 7 + k) % len(places)], host_id=places[(n + k) % len(places)],
                                    venue="Rathaus", languages=languages[(n + k) % 5], sequence=0))
        Edition.objects.bulk_create(editions)
        saved = list(Edition.objects.filter(series=series))
        pools = Pool.objects.bulk_create([Pool(key=f"events.track:{uuid.uuid4().hex}", capacity=80, reserved=20,
                                               reserved_for="partner") for _ in saved])
        Track.objects.bulk_create([Track(edition=e, names={}, pool=p) for e, p in zip(saved, pools, strict=True)])
        Session.objects.bulk_create([Session(edition=e, titles={"de": f"Programmpunkt {i}"}, starts_at=e.starts_at,
                                             ends_at=e.starts_at, languages=["de"]) for e in saved for i in range(3)])


def measure(client: Any, url: str) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), statistics.quantiles(times, n=20)[18], len(queries)


def peer() -> tuple[float, float]:
    """The calendar's first page by one statement (and its count): the floor."""
    from django.db import connection

    sql = ("SELECT e.id, e.starts_at, e.ends_at, e.time_zone, e.titles, e.state, e.languages, s.slug, s.names, "
           "s.format, s.region, m.name, (SELECT count(*) FROM events_edition c WHERE c.state IN ('published', "
           "'cancelled') AND c.ends_at >= %s) FROM events_edition e JOIN events_series s ON s.id = e.series_id "
           "LEFT JOIN gazetteer_municipality m ON m.id = e.place_id WHERE e.state IN ('published', 'cancelled') "
           "AND e.ends_at >= %s ORDER BY e.starts_at, e.id LIMIT 50")
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [NOW, NOW])
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def main() -> int:
    section(f"Events calendar with {SERIES * PER_SERIES:,} editions ({DATABASE_NAME})")
    started = time.monotonic()
    setup()
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False
    client = Client()
    build(PER_SERIES, count=SERIES // 2)
    half = measure(client, "/events/")
    build(PER_SERIES, first_series=SERIES // 2, count=SERIES // 2)
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
    rows = []
    for label, url in [("calendar, upcoming", "/events/"), ("filtered", "/events/?region=asia&language=zh"),
                       ("past", "/events/?when=past"), ("page 5", "/events/?page=5")]:
        p50, p95, queries = measure(client, url)
        rows.append([label, f"{p50:.1f}", f"{p95:.1f}", queries])
    peer_p50, peer_p95 = peer()
    rows.append(["peer: one SQL statement", f"{peer_p50:.2f}", f"{peer_p95:.2f}", 1])
    table(["page", "p50 ms", "p95 ms", "queries"], rows)
    full_queries = rows[0][3]
    print(f"  queries at 1,000 and 2,000 editions: {half[2]} and {full_queries} "
          f"({'equal' if half[2] == full_queries else 'NOT equal'})")
    print(f"  goal p95 <= {GOAL_P95_MS} ms: {'met' if float(rows[0][2]) <= GOAL_P95_MS else 'missed'}")
    return 0 if half[2] == full_queries else 1


if __name__ == "__main__":
    sys.exit(main())
