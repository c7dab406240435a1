"""A small world for the registration tests (no tests here): a regional conference Africa and a round table,
people in every persona, and registering through the real services under a fixed clock."""

import datetime
import itertools
from typing import Any

from partneratlas.capacity.models import Pool
from partneratlas.events import receivers
from partneratlas.events.models import Edition, Registration, Series, Track
from partneratlas.events.registering import Person, registration_create
from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import member, persona
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

receivers.connect()  # EventsConfig.ready does this too; connecting again changes nothing (dispatch_uid)

UTC = datetime.UTC
NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
STARTS = datetime.datetime(2026, 6, 22, 8, 0, tzinfo=UTC)
ENDS = datetime.datetime(2026, 6, 23, 15, 0, tzinfo=UTC)
_n = itertools.count(1)


def agency() -> Organisation:
    return Organisation.objects.get_or_create(kind=OrganisationKind.AGENCY, name="Servicestelle")[0]


def edition(*, capacity: int = 10, reserved: int = 0, region: str = "", organiser: Organisation | None = None,
            **extra: Any) -> Edition:
    n = next(_n)
    series = Series.objects.create(
        slug=f"series-{n}", format="regional_conference" if region else "round_table", region=region,
        organiser=organiser or agency(), names={"de": "Partnerschaftskonferenz", "en": "Partnership conference",
                                                "zh-hans": "伙伴关系会议"})
    values = {"series": series, "titles": {"de": f"Konferenz {n}", "en": f"Conference {n}", "zh-hans": f"会议 {n}"},
              "state": Edition.State.PUBLISHED, "starts_at": STARTS, "ends_at": ENDS, "venue": "Rathaus",
              "languages": ["de", "en"], "registration_opens": NOW - datetime.timedelta(days=30), **extra}
    ed = Edition.objects.create(**values)
    track(ed, capacity=capacity, reserved=reserved)
    return ed


def track(ed: Edition, *, capacity: int = 10, reserved: int = 0, names: dict[str, str] | None = None) -> Track:
    pool = Pool.objects.create(key=f"events.track:t{next(_n)}", capacity=capacity, reserved=reserved,
                               reserved_for="partner" if reserved else "")
    return Track.objects.create(edition=ed, names=names or {}, pool=pool, position=next(_n))


def person(name: str = "", *, language: str = "de", **extra: Any) -> Person:
    n = next(_n)
    return Person(name=name or f"Person {n}", email=extra.pop("email", f"p{n}@example.org"), language=language,
                  **extra)


def register(ed: Edition, name: str = "", *, now: datetime.datetime = NOW, track_: Track | None = None,
             **extra: Any) -> Registration:
    return registration_create(edition=ed, track=track_ or ed.tracks.get(), person=person(name, **extra), now=now)


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def people() -> dict[str, Any]:
    """The personas: own (Wuppertal's editor), other (Hamburg's), partner (Dongguan's), staff (the agency's)."""
    users = {
        "own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
        "other": persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
        "partner": persona("partner@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN),
        "staff": persona("staff@agency.de", OrganisationKind.AGENCY),
    }
    member(users["staff"], agency())
    return users


def wuppertal() -> Municipality:
    return Municipality.objects.get(ref=WUPPERTAL)


def dongguan() -> Municipality:
    return Municipality.objects.get(ref=DONGGUAN)
