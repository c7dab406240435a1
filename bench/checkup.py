"""Bench 6: the check-up's round results page and the agency's early-warning dashboard at scale (issue 12).

Builds its own database (bench/out/checkup.sqlite3 or bench_checkup): migrated, the gazetteer and the
check-up's questionnaire loaded, then, in three equal steps, 5,000 partnerships (through the registry's
bulk service `partnerships_save`, as an import writes them), 20,000 unsealed check-up rounds (four per
partnership, a year apart; two sides each with a locked, submitted response of 50 answers, some "not
applicable", and the CriterionScore rows of each side and of both, computed by the engine's scoring:
the rows `round_settle` leaves, bulk-inserted for speed), 200,000 activities (40 per partnership, one
actor each; one partnership in ten quiet for 20 months or more), and two contact persons per side.

Measured in this process with Django's test client (the product's settings with DEBUG=false, as the
other benches), signed in as an editor of the German member (the round page) and as agency staff with a
second factor (the dashboard): p50/p95 over up to 200 requests each (fewer when one request takes over
a quarter of a second, so that a slow page does not stop the run), after three warm-up requests, and
the number of SQL queries of one request, at one third of the data and at full size: they must be equal.

The peer, in the same run on the same database: the same numbers read by one hand-written SQL statement
per page, the floor of the request (no framework, no template, no rights):
- round page: the round's scores per criterion and side, and the overall score of each of the
  partnership's unsealed rounds (the trend);
- dashboard: per partnership, the day of the last activity and the newest two rounds' overall scores
  (the dormant and falling signals; the bus factor needs the contact persons' languages, which the
  statement leaves out, so the floor is a little lower than it should be): the floor of computing the
  warnings on each view, as the dashboard did before it read them stored;
- dashboard, stored: the first page of the stored warnings (`checkup_warningstate`, 100 rows in the
  dashboard's order), the floor of reading them.

The dashboard reads the warnings stored by `warnings_refresh` (checkup/warnings.py), which production runs
daily (`checkup warn`) and after each change a warning rests on; the bulk inserts here bypass the model
signals, so after each step the bench refreshes them all, as the daily run would, and reports how long that took.

The council report's PDF (checkup/reporting.py) is timed for the measured partnership when that module
exists (a period of two years, its rounds and activities), in German and in Chinese.

    .venv/bin/python bench/checkup.py
    BENCH_DATABASE=postgresql .venv/bin/python bench/checkup.py
    BENCH_CHECKUP_SCALE=0.1 .venv/bin/python bench/checkup.py   (a tenth of the data, for a quick look)
"""

import datetime
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from _common import (
    DATABASE_NAME,
    GAZETTEER_DB,
    CpuWatch,
    Database,
    base_env,
    disturbance,
    has_gazetteer,
    ratio,
    require_postgres,
    section,
    table,
)

DB = Database("checkup")
SCALE = float(os.environ.get("BENCH_CHECKUP_SCALE", "1"))
PARTNERSHIPS = int(5_000 * SCALE)
ROUNDS_PER = 4  # 20,000 rounds
ACTIVITIES_PER = 40  # 200,000 activities
STEPS = 3
REQUESTS = 200
SLOW_S = 0.25  # a request slower than this: fewer requests (at least MIN_REQUESTS)
MIN_REQUESTS = 20
GOAL_P95_MS = 100
BATCH = 2_000
COUNTRIES = {"DE", "CN", "FR", "PL", "TZ", "UA", "US"}
TODAY = datetime.date.today()
rng = random.Random(12)  # bench data, not secrecy


def reusable() -> bool:
    """BENCH_CHECKUP_REUSE=1 and the database already holds the full data: measure at full size only."""
    if not os.environ.get("BENCH_CHECKUP_REUSE"):
        return False
    try:
        return DB.exists() and DB.count("checkup_round") >= PARTNERSHIPS * ROUNDS_PER
    except Exception:  # a missing or half-built database
        return False


def connect_only() -> None:
    """Connect to the reused database, migrated to today's models (a new table is created empty, as on deploy)."""
    os.environ.update(base_env(DB, ALLOWED_HOSTS="127.0.0.1,testserver"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def refresh_warnings() -> float:
    """Store every partnership's warning as the daily `checkup warn` does (the bulk inserts send no signals);
    the seconds it took."""
    from partneratlas.checkup.warnings import warnings_refresh

    started = time.perf_counter()
    count = warnings_refresh(today=TODAY)
    seconds = time.perf_counter() - started
    print(f"  warnings refreshed and stored: {count:,} partnerships raise one, in {seconds:.1f} s", flush=True)
    return seconds


def setup() -> None:
    """A copy of bench 1's database (migrated, the gazetteer loaded) when there is one, else a new one with the
    sample of the gazetteer loaded here; migrated to today's models, the check-up's questionnaire loaded."""
    require_postgres()
    copied = has_gazetteer(GAZETTEER_DB)
    if copied:
        GAZETTEER_DB.copy_to(DB)
    else:
        DB.create_empty()
    env = base_env(DB, ALLOWED_HOSTS="127.0.0.1,testserver")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not copied:  # the towns of 100,000 people or more in a few countries: enough pairs, in seconds
        from partneratlas.gazetteer.loading import gazetteer_load, read_countries, read_places

        gazetteer_load(places=[p for p in read_places() if p["countrycode"] in COUNTRIES
                               and (p["population"] or 0) >= 100_000],
                       countries=[c for c in read_countries() if c["iso"] in COUNTRIES], source="bench")
    call_command("checkup", "load", verbosity=0)


# --- data ------------------------------------------------------------------------------------------------


class Shape:
    """The check-up version's scale items, their criteria, and the places partnerships are made of."""

    def __init__(self) -> None:
        from partneratlas.activities.models import ActivityKind
        from partneratlas.checkup.conf import questionnaire_code
        from partneratlas.gazetteer.models import Municipality
        from partneratlas.questionnaires.selectors import current_version
        from partneratlas.registry.models import PartnershipKind

        version = current_version(questionnaire_code())
        assert version is not None, "the check-up questionnaire is not loaded"
        self.version = version
        self.items = [(i.pk, i.code, str((i.section.meta or {}).get("criterion", "")), int(i.minimum or 0),
                       int(i.maximum or 4)) for i in version.items.select_related("section").order_by("order")]
        self.criteria = sorted({c for _pk, _code, c, _lo, _hi in self.items})
        german = list(Municipality.objects.filter(country_id="DE").order_by("-population", "pk")
                      .values_list("pk", flat=True)[:600])
        partner = list(Municipality.objects.exclude(country_id="DE").order_by("-population", "pk")
                       .values_list("pk", flat=True)[:3000])
        self.pairs = [(g, p) for g in german for p in partner]
        rng.shuffle(self.pairs)
        self.kind = PartnershipKind.objects.order_by("pk").values_list("pk", flat=True)[0]
        self.activity_kinds = list(ActivityKind.objects.values_list("pk", flat=True))


def add_partnerships(shape: Shape, start: int, count: int) -> list[int]:
    from partneratlas.history.kinds import Author
    from partneratlas.registry.models import Partnership
    from partneratlas.registry.services import PartnershipData, partnerships_save

    ids: list[int] = []
    for first in range(start, start + count, 1000):
        items = [(None, PartnershipData(member_ids=list(shape.pairs[n]), kind_id=shape.kind, status="active",
                                        start_year=1980 + n % 40, working_languages=["de", "zh", "en"][: 2 + n % 2],
                                        description=f"Bench partnership {n}"))
                 for n in range(first, min(first + 1000, start + count))]
        uids = partnerships_save(items=items, author=Author("import", name="bench/checkup.py"))
        ids += list(Partnership.objects.filter(uid__in=uids).order_by("pk").values_list("pk", flat=True))
    return ids


def add_contacts(partnership_ids: list[int]) -> None:
    from partneratlas.registry.models import ContactPerson, Membership

    rows = []
    for pid, municipality, country in Membership.objects.filter(partnership_id__in=partnership_ids).values_list(
            "partnership_id", "municipality_id", "country_id"):
        if country == "DE":
            speaks = [["de", "zh"], ["de", "zh", "en"]]
        else:  # one partnership in seven depends on one speaker of German
            speaks = [["zh", "de"], ["zh", "de"] if pid % 7 else ["zh"]]
        rows += [ContactPerson(partnership_id=pid, municipality_id=municipality, name=f"Kontakt {pid}/{n}",
                               languages=langs, consent_on=TODAY) for n, langs in enumerate(speaks)]
    ContactPerson.objects.bulk_create(rows, batch_size=BATCH)


def add_activities(shape: Shape, partnership_ids: list[int]) -> None:
    from partneratlas.activities.models import Activity, ActivityActor
    from partneratlas.registry.models import Membership

    sides = dict(Membership.objects.filter(partnership_id__in=partnership_ids, position=0).values_list(
        "partnership_id", "municipality_id"))
    actor_kinds = ["school", "association", "company", "university", "department", "council"]
    for first in range(0, len(partnership_ids), 200):
        rows = []
        for pid in partnership_ids[first:first + 200]:
            quiet = 600 if pid % 10 == 0 else 0  # one in ten: nothing for 20 months or more
            for n in range(ACTIVITIES_PER):
                day = TODAY - datetime.timedelta(days=quiet + 5 + rng.randrange(6 * 365))
                rows.append(Activity(partnership_id=pid, kind_id=shape.activity_kinds[n % len(shape.activity_kinds)],
                                     date=day, title=f"Aktivität {n}", note="Bench", side_id=sides[pid],
                                     youth=n % 5 == 0, young_people=12 if n % 5 == 0 else None,
                                     languages=["de", "zh"], visibility="internal"))
        Activity.objects.bulk_create(rows, batch_size=BATCH)
        ActivityActor.objects.bulk_create(
            [ActivityActor(activity=a, position=0, kind=actor_kinds[a.pk % len(actor_kinds)]) for a in rows],
            batch_size=BATCH)


def add_rounds(shape: Shape, partnership_ids: list[int]) -> None:
    """Four unsealed rounds per partnership, as round_open, side_start, response_save and round_settle leave
    them: the rows of each, bulk-inserted."""
    from django.utils import timezone

    from partneratlas.checkup.models import CriterionScore, Round, Side
    from partneratlas.questionnaires.models import Answer, Response
    from partneratlas.questionnaires.scoring import Point, tally
    from partneratlas.registry.models import Membership

    members: dict[int, list[tuple[int, str]]] = {}
    for pid, municipality, country in Membership.objects.filter(partnership_id__in=partnership_ids).order_by(
            "position", "pk").values_list("partnership_id", "municipality_id", "country_id"):
        members.setdefault(pid, []).append((municipality, country))
    for first in range(0, len(partnership_ids), 250):
        chunk = partnership_ids[first:first + 250]
        rounds = []
        for pid in chunk:
            for k in range(ROUNDS_PER):
                opened = timezone.make_aware(datetime.datetime.combine(
                    TODAY - datetime.timedelta(days=40 + 365 * (ROUNDS_PER - 1 - k)), datetime.time(10)))
                rounds.append(Round(partnership_id=pid, version=shape.version, opened_at=opened,
                                    closes_on=(opened + datetime.timedelta(weeks=8)).date(),
                                    closed_at=opened + datetime.timedelta(days=20)))
        Round.objects.bulk_create(rounds, batch_size=BATCH)
        responses, sides = [], []
        for r in rounds:
            german = next(m for m, c in members[r.partnership_id] if c == "DE")
            partner = next(m for m, _c in members[r.partnership_id] if m != german)
            for role, municipality, language in (("german", german, "de"), ("partner", partner, "zh-hans")):
                at = r.opened_at + datetime.timedelta(days=9 if role == "german" else 20)
                response = Response(version=shape.version, subject=f"checkup-round:{r.pk}/side:{role}",
                                    language=language, state=Response.State.LOCKED, started_at=r.opened_at,
                                    updated_at=at, submitted_at=at, locked_at=r.closed_at)
                responses.append(response)
                sides.append(Side(round=r, role=role, municipality_id=municipality, response=response,
                                  peers_opt_in=r.partnership_id % 9 == 0))
        Response.objects.bulk_create(responses, batch_size=BATCH)
        Side.objects.bulk_create(sides, batch_size=BATCH)
        answers, scores = [], []
        for n, r in enumerate(rounds):
            base = 1.2 + (r.partnership_id % 5) * 0.5 + (n % ROUNDS_PER) * 0.15
            points: dict[str, list[Point]] = {"german": [], "partner": []}
            for role, response in (("german", responses[2 * n]), ("partner", responses[2 * n + 1])):
                for item_pk, _code, criterion, low, high in shape.items:
                    level = None if rng.random() < 0.04 else max(low, min(high, round(base + rng.uniform(-1.5, 1.5))))
                    answers.append(Answer(response=response, item_id=item_pk, value=level,
                                          not_applicable=level is None, evidence="Beleg" if item_pk % 9 == 0 else ""))
                    points[role].append(Point(criterion, level, low, high))
            for side, group in (("german", points["german"]), ("partner", points["partner"]),
                                ("both", points["german"] + points["partner"])):
                for criterion, score in tally(group).items():
                    scores.append(CriterionScore(round=r, criterion=str(criterion), side=side, value=score.value,
                                                 answers=score.answers, not_applicable=score.not_applicable))
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        CriterionScore.objects.bulk_create(scores, batch_size=BATCH)


def add_step(shape: Shape, step: int) -> list[int]:
    per = PARTNERSHIPS // STEPS + (1 if step < PARTNERSHIPS % STEPS else 0)
    start = sum(PARTNERSHIPS // STEPS + (1 if s < PARTNERSHIPS % STEPS else 0) for s in range(step))
    ids = add_partnerships(shape, start, per)
    add_contacts(ids)
    add_activities(shape, ids)
    add_rounds(shape, ids)
    return ids


def settle() -> None:
    from django.db import connection

    connection.close()
    DB.settle()


# --- people --------------------------------------------------------------------------------------------


def people(partnership_id: int) -> tuple[Any, Any]:
    """An editor of the partnership's German member, and agency staff with a second factor."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import User

    from partneratlas.people.models import Member, Organisation, OrganisationKind, Role
    from partneratlas.registry.models import Membership

    german = Membership.objects.filter(partnership_id=partnership_id, country_id="DE").values_list(
        "municipality_id", flat=True)[0]
    User.objects.filter(username__in=["bench-editor", "bench-staff"]).delete()  # left by an earlier run
    editor = User.objects.create_user("bench-editor", "editor@bench.invalid", "bench")
    town = Organisation.objects.create(kind=OrganisationKind.MUNICIPALITY, municipality_id=german, name="Stadt")
    Member.objects.create(user=editor, organisation=town, role=Role.EDITOR)
    staff = User.objects.create_user("bench-staff", "staff@bench.invalid", "bench")
    agency = Organisation.objects.create(kind=OrganisationKind.AGENCY, name="Servicestelle")
    Member.objects.create(user=staff, organisation=agency, role=Role.EDITOR)
    TOTP.activate(staff, generate_totp_secret())
    return editor, staff


# --- measuring -----------------------------------------------------------------------------------------


def timed(call: Callable[[], Any]) -> tuple[list[float], Any]:
    """Warm up, then run `call` up to REQUESTS times; the durations in ms and the last result."""
    result = None
    for _ in range(3):
        result = call()
    started = time.perf_counter()
    result = call()
    first = time.perf_counter() - started
    count = REQUESTS if first < SLOW_S else max(MIN_REQUESTS, int(REQUESTS * SLOW_S / first))
    durations = [first * 1000]
    for _ in range(count - 1):
        started = time.perf_counter()
        result = call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def queries_of(call: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


ROUND_SQL = """
SELECT s.criterion, s.side, s.value, s.answers, s.not_applicable FROM checkup_criterionscore s
WHERE s.round_id = %(round)s
UNION ALL
SELECT 'overall', CAST(r.id AS TEXT), avg(s.value), count(*), 0
FROM checkup_round r JOIN checkup_criterionscore s ON s.round_id = r.id AND s.side = 'both'
WHERE r.partnership_id = %(partnership)s AND r.closed_at IS NOT NULL AND r.version_id = %(version)s
GROUP BY r.id
"""
DASHBOARD_SQL = """
WITH last AS (
  SELECT partnership_id, max(CASE WHEN end_date IS NOT NULL AND end_date <= %(today)s AND end_date > date
                             THEN end_date ELSE date END) AS day
  FROM activities_activity WHERE date <= %(today)s GROUP BY partnership_id
), overall AS (
  SELECT r.partnership_id, r.opened_at, avg(s.value) AS score,
         row_number() OVER (PARTITION BY r.partnership_id ORDER BY r.opened_at DESC) AS n
  FROM checkup_round r JOIN checkup_criterionscore s ON s.round_id = r.id AND s.side = 'both'
  WHERE r.closed_at IS NOT NULL GROUP BY r.id, r.partnership_id, r.opened_at
)
SELECT p.id, last.day, o1.score, o2.score FROM registry_partnership p
LEFT JOIN last ON last.partnership_id = p.id
LEFT JOIN overall o1 ON o1.partnership_id = p.id AND o1.n = 1
LEFT JOIN overall o2 ON o2.partnership_id = p.id AND o2.n = 2
WHERE last.day <= %(watch)s OR o2.score - o1.score >= 10
"""
STORED_SQL = """
SELECT w.partnership_id, w.name, w.level, w.signals, w.months, w.score, w.previous, p.uid
FROM checkup_warningstate w JOIN registry_partnership p ON p.id = w.partnership_id
ORDER BY w.rank DESC, w.months DESC, w.name, w.partnership_id LIMIT 100
"""


def peer(sql: str, params: dict[str, Any]) -> Callable[[], list[tuple[Any, ...]]]:
    from django.db import connection

    def call() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    return call


def measure(partnership_id: int, round_id: int, version_id: int, editor: Any, staff: Any,
            label: str) -> dict[str, tuple[list[float], int]]:
    from django.test import Client

    from partneratlas.wsgi import freeze_loaded

    freeze_loaded()  # as a web worker does once it has loaded the application (partneratlas/wsgi.py)
    member, agency = Client(), Client()
    member.force_login(editor)
    agency.force_login(staff)
    round_url, dashboard_url = f"/en/checkup/rounds/{round_id}/", "/en/checkup/warnings/"

    def round_page() -> Any:
        response = member.get(round_url)
        assert response.status_code == 200, (round_url, response.status_code)
        return response

    def dashboard() -> Any:
        response = agency.get(dashboard_url)
        assert response.status_code == 200, (dashboard_url, response.status_code)
        return response

    watch = TODAY - datetime.timedelta(days=365)
    round_peer = peer(ROUND_SQL, {"round": round_id, "partnership": partnership_id, "version": version_id})
    dashboard_peer = peer(DASHBOARD_SQL, {"today": TODAY, "watch": watch})
    stored_peer = peer(STORED_SQL, {})
    found: dict[str, tuple[list[float], int]] = {}
    for name, call in (("round page", round_page), ("round: one SQL statement", round_peer),
                       ("dashboard", dashboard), ("dashboard: one SQL statement", dashboard_peer),
                       ("dashboard, stored: one SQL statement", stored_peer)):
        durations, result = timed(call)
        found[name] = (durations, queries_of(call))
        if name == "dashboard":
            from partneratlas.checkup.models import WarningState

            rows = result.content.decode().count("<tr>") - 1  # less the header's
            print(f"  {label}: the dashboard's first page lists {rows:,} of {WarningState.objects.count():,} "
                  "partnerships at risk", flush=True)
        if name == "dashboard: one SQL statement":
            print(f"  {label}: the one statement finds {len(result)} partnerships dormant or falling", flush=True)
    return found


def report_pdf_seconds(partnership_id: int) -> list[tuple[str, float, int]]:
    """The council report's PDF for the partnership, when checkup/reporting.py exists: (language, s, bytes)."""
    try:
        from partneratlas.checkup import reporting
    except ImportError:
        return []
    from partneratlas.registry.models import Partnership

    partnership = Partnership.objects.get(pk=partnership_id)
    start, end = TODAY - datetime.timedelta(days=730), TODAY
    found = []
    for language in ("de", "zh-hans"):
        started = time.perf_counter()
        content = reporting.report_content(partnership=partnership, start=start, end=end, language=language,
                                           today=TODAY, draft=True)
        pdf = reporting.report_pdf(content)
        found.append((language, time.perf_counter() - started, len(pdf)))
    return found


def main() -> int:
    section(f"bench 6: check-up results page and early-warning dashboard on {DATABASE_NAME} ({DB})")
    print(f"{PARTNERSHIPS:,} partnerships, {PARTNERSHIPS * ROUNDS_PER:,} rounds, "
          f"{PARTNERSHIPS * ACTIVITIES_PER:,} activities, in {STEPS} steps", flush=True)
    watch = CpuWatch()
    started = time.monotonic()
    reuse = reusable()
    if reuse:
        connect_only()
        print("  BENCH_CHECKUP_REUSE: the database holds the full data; measured at full size only", flush=True)
    else:
        setup()
    shape = Shape()
    print(f"  set up (migrate, gazetteer, questionnaire): {time.monotonic() - started:.0f} s", flush=True)
    from partneratlas.checkup.models import Round
    from partneratlas.registry.models import Partnership

    results: dict[str, dict[str, tuple[list[float], int]]] = {}
    editor = staff = None
    measured: tuple[int, int] = (0, 0)
    if reuse:
        first_third = list(Partnership.objects.order_by("pk").values_list("pk", flat=True)[:PARTNERSHIPS // STEPS])
        newest = Round.objects.filter(partnership_id=first_third[len(first_third) // 2]).order_by("-opened_at").first()
        assert newest is not None
        measured = (newest.partnership_id, newest.pk)
        editor, staff = people(measured[0])
        refresh_warnings()
        settle()
        results["all the data"] = measure(measured[0], measured[1], shape.version.pk, editor, staff, "all the data")
    for step in range(0 if not reuse else STEPS, STEPS):
        step_started = time.monotonic()
        ids = add_step(shape, step)
        refresh_warnings()
        settle()
        print(f"  step {step + 1}: {len(ids):,} partnerships with rounds and activities written in "
              f"{time.monotonic() - step_started:.0f} s", flush=True)
        if step == 0:
            newest = Round.objects.filter(partnership_id=ids[len(ids) // 2]).order_by("-opened_at").first()
            assert newest is not None
            measured = (newest.partnership_id, newest.pk)
            editor, staff = people(measured[0])
        if step in (0, STEPS - 1):
            label = "1/3 of the data" if step == 0 else "all the data"
            results[label] = measure(measured[0], measured[1], shape.version.pk, editor, staff, label)
    from partneratlas.activities.models import Activity
    from partneratlas.checkup.models import CriterionScore
    from partneratlas.questionnaires.models import Answer

    print(f"  rows: {Partnership.objects.count():,} partnerships, {Round.objects.count():,} rounds, "
          f"{Answer.objects.count():,} answers, {CriterionScore.objects.count():,} criterion scores, "
          f"{Activity.objects.count():,} activities; {DB.size_mb():.0f} MB", flush=True)
    rows = []
    for label, found in results.items():
        for name, (durations, queries) in found.items():
            rows.append([label, name, len(durations), f"{statistics.median(durations):.1f}",
                         f"{p95(durations):.1f}", queries])
    table(["data", "request", "n", "p50 ms", "p95 ms", "queries"], rows)
    pdfs = report_pdf_seconds(measured[0])
    if pdfs:
        table(["council report PDF", "seconds", "bytes"], [[lang, f"{s:.2f}", f"{size:,}"] for lang, s, size in pdfs])
    else:
        print("  council report PDF: partneratlas/checkup/reporting.py does not exist: not measured", flush=True)
    print(disturbance(watch.others_percent()), flush=True)
    full = results["all the data"]
    small = results.get("1/3 of the data")
    for page in ("round page", "dashboard"):
        if small is None:
            print(f"  {page}: {full[page][1]} queries at full size (1/3 not measured with BENCH_CHECKUP_REUSE)")
            continue
        same = small[page][1] == full[page][1]
        print(f"  {page}: {small[page][1]} queries at 1/3, {full[page][1]} at full size: "
              f"{'independent of size' if same else 'GROWS WITH SIZE'}", flush=True)
    peer_round = statistics.median(full["round: one SQL statement"][0])
    peer_dash = statistics.median(full["dashboard: one SQL statement"][0])
    peer_stored = statistics.median(full["dashboard, stored: one SQL statement"][0])
    print(f"  peer (one SQL statement, p50): round {peer_round:.1f} ms, dashboard {peer_dash:.1f} ms computed, "
          f"{peer_stored:.1f} ms stored; "
          f"ours / peer (p50): round {statistics.median(full['round page'][0]) / max(peer_round, 1e-6):.0f}×, "
          f"dashboard {statistics.median(full['dashboard'][0]) / max(peer_stored, 1e-6):.0f}× the stored floor",
          flush=True)
    ratio("checkup_round_p95_ms", p95(full["round page"][0]), "<=", GOAL_P95_MS)
    ratio("checkup_dashboard_p95_ms", p95(full["dashboard"][0]), "<=", GOAL_P95_MS)
    if small is not None:
        ratio("checkup_round_queries_growth", full["round page"][1] - small["round page"][1], "<=", 0)
        ratio("checkup_dashboard_queries_growth", full["dashboard"][1] - small["dashboard"][1], "<=", 0)
    print(f"(bench 6 on {DATABASE_NAME}: {time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
