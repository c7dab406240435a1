"""The demo events from the seeds: loaded through the services, idempotent."""

import datetime

import pytest

from partneratlas.events.demo import demo_load
from partneratlas.events.models import Edition, Network, Series
from partneratlas.events.rotation import due_years

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)


def test_demo_has_the_seeds_editions_and_loads_once() -> None:
    added = demo_load(today=TODAY)
    assert added == Edition.objects.count() == 27  # the seeds' 25, the round table and a training in 2027
    assert demo_load(today=TODAY) == 0
    sixth = Edition.objects.get(series__slug="round-table-china", number=6)
    assert (sixth.place.name, sixth.starts_at.date(), sixth.ends_at.date()) == (
        "Duisburg", datetime.date(2022, 6, 22), datetime.date(2022, 6, 23))
    assert Edition.objects.get(series__slug="regional-africa", number=6).place.name == "Gießen"
    assert Edition.objects.get(series__slug="regional-asia", number=4).place.name == "Hildesheim"
    assert Edition.objects.get(series__slug="german-ukrainian", number=7).starts_at.date() == datetime.date(2025, 6, 16)
    nrw = Network.objects.get(slug="nrw-china")
    assert sorted(m.municipality.name for m in nrw.members.all()) == ["Duisburg", "Düsseldorf", "Wuppertal"]
    assert Edition.objects.filter(series__network=nrw).count() == 3
    africa = Series.objects.get(slug="regional-africa")
    assert [d.year for d in due_years(africa, first=2010, last=2028)] == [2010, 2013, 2016, 2019, 2022, 2025, 2028]
    assert Series.objects.get(slug="training-beginners").criteria == ["c08", "c10", "c11", "c14"]
    upcoming = Edition.objects.get(series__slug="round-table-china", starts_at__year=2027)
    now = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC)
    assert upcoming.state == "published"
    assert upcoming.registration_opens <= now <= upcoming.registration_closes
    assert upcoming.tracks.get().pool.reserved == 20
    assert upcoming.sessions.count() == 3
