"""A small world for the documents tests (no tests here): a round table in Duisburg, held in German and
Chinese, a delegation of Wuppertal with a partner from Dongguan, and people in every persona."""

import datetime
from typing import Any

from django.utils import timezone

from partneratlas.capacity.models import Claim, Pool
from partneratlas.events.models import Delegation, Edition, Registration, Series, Track
from partneratlas.events.registering import link_token, token_hash
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona
from partneratlas.registry.tests.factories import DONGGUAN, HAMBURG, WUPPERTAL

UTC = datetime.UTC
STARTS = datetime.datetime(2026, 6, 22, 8, 0, tzinfo=UTC)  # 10:00 in Duisburg
ENDS = datetime.datetime(2026, 6, 23, 15, 0, tzinfo=UTC)
BEFORE = datetime.datetime(2026, 5, 2, 9, 0, tzinfo=UTC)
TITLES = {"de": "7. Runder Tisch China", "en": "7th round table China", "zh-hans": "第七届中国圆桌会议"}
_counter = [0]


def edition(organiser: Organisation | None = None, **extra: Any) -> Edition:
    organiser = organiser or Organisation.objects.create(kind=OrganisationKind.AGENCY, name="Servicestelle")
    _counter[0] += 1
    series = Series.objects.create(slug=f"round-table-china-{_counter[0]}", format="round_table", organiser=organiser,
                                   names={"de": "Runder Tisch China", "en": "Round table China",
                                          "zh-hans": "中国圆桌会议"})
    values = {"series": series, "number": 7, "titles": TITLES, "state": Edition.State.PUBLISHED, "starts_at": STARTS,
              "ends_at": ENDS, "place": Municipality.objects.filter(name="Duisburg").first(), "venue": "Rathaus",
              "address": "Burgplatz 19, 47051 Duisburg", "languages": ["de", "zh"], **extra}
    return Edition.objects.create(**values)


def track(ed: Edition, names: dict[str, str] | None = None, capacity: int = 50) -> Track:
    _counter[0] += 1
    pool = Pool.objects.create(key=f"events.track:test-{_counter[0]}", capacity=capacity)
    return Track.objects.create(edition=ed, names=names or {}, pool=pool, position=_counter[0])


def registration(ed: Edition, name: str = "Anna Schmidt", *, email: str = "", language: str = "de",
                 state: str = "confirmed", tr: Track | None = None, attended: bool = False, **extra: Any) -> Registration:
    tr = tr or ed.tracks.first() or track(ed)
    _counter[0] += 1
    email = email or f"person{_counter[0]}@example.org"
    now = timezone.now()
    claim = Claim.objects.create(pool=tr.pool, holder=f"events.registration:test-{_counter[0]}", state=state,
                                 created_at=now, changed_at=now)
    r = Registration.objects.create(edition=ed, track=tr, claim=claim, state=state, name=name, email=email,
                                    language=language, attended_at=STARTS if attended else None, **extra)
    r.link_hash = token_hash(link_token(r))
    Registration.objects.filter(pk=r.pk).update(link_hash=r.link_hash)
    return r


def people() -> dict[str, Any]:
    """The personas of the permission tests: own (Wuppertal's editor), other (Hamburg's), partner (Dongguan's),
    staff (the agency's, who organise every event)."""
    return {
        "own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
        "other": persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
        "partner": persona("partner@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN),
        "staff": persona("staff@agency.de", OrganisationKind.AGENCY),
    }


def delegate(ed: Edition, registrant: Any, **extra: Any) -> Registration:
    """Wang Xiaoming from Dongguan, registered by Wuppertal's editor in its delegation, reading Chinese."""
    wuppertal = Municipality.objects.get(ref=WUPPERTAL)
    delegation = Delegation.objects.create(edition=ed, municipality=wuppertal, registered_by=registrant)
    values = {"email": "wang@dongguan.cn", "language": "zh-hans", "delegation": delegation,
              "registered_by": registrant, "partner_delegate": True, "visa_needed": True,
              "organisation_name": "东莞市外事局", "municipality": Municipality.objects.get(ref=DONGGUAN),
              "country_id": "CN", **extra}
    return registration(ed, "王小明", **values)
