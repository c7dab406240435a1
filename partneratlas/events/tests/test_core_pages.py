"""The public pages (calendar, edition, series, networks) and the organisers' pages, as people use them."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partneratlas.checkup.tests.factories import published
from partneratlas.events.models import Edition, Network, NetworkMember, Registration, Series, Session
from partneratlas.events.selectors import networks_and_events_of
from partneratlas.events.tests.test_core_world import WUPPERTAL, edition, people, place, region_series, series
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Organisation

pytestmark = pytest.mark.django_db


def soon(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).date().isoformat()


def ago(days: int) -> str:
    return (timezone.now() - datetime.timedelta(days=days)).date().isoformat()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_calendar_lists_upcoming_soonest_first_and_filters() -> None:
    africa = region_series("africa", 2010)
    asia = region_series("asia", 2014)
    later = edition(africa, start=soon(60), end=soon(62), languages=["de", "en", "fr"])
    sooner = edition(asia, start=soon(10), end=soon(11), languages=["de", "zh"])
    edition(asia, start=ago(400), end=ago(398))
    edition(africa, start=soon(5), end=soon(5), state="draft")
    client = Client()
    page = client.get("/en/events/")
    assert [e.pk for e in page.context["page"].object_list] == [sooner.pk, later.pk]
    assert [e.pk for e in client.get("/en/events/?region=africa").context["page"].object_list] == [later.pk]
    assert [e.pk for e in client.get("/en/events/?language=zh").context["page"].object_list] == [sooner.pk]
    assert [e.pk for e in client.get("/en/events/?format=round_table").context["page"].object_list] == []
    assert [e.pk for e in client.get("/en/events/?region=nowhere").context["page"].object_list] == [sooner.pk, later.pk]
    past = client.get("/en/events/?when=past").context["page"].object_list
    assert len(past) == 1
    assert past[0].series_id == asia.pk


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_queries_do_not_grow_with_the_editions(count: int) -> None:
    s = series()
    for day in range(count):
        edition(s, start=soon(10 + day), end=soon(10 + day))
    client = Client()
    client.get("/en/events/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/events/").status_code == 200
    assert len(queries) == 2  # the count, the page


@pytest.mark.parametrize("count", [1, 3])
def test_series_page_queries_do_not_grow_with_the_editions(count: int) -> None:
    s = region_series("africa", 2010)
    for year in range(count):
        edition(s, start=f"{2016 + 3 * year}-09-08", end=f"{2016 + 3 * year}-09-10")
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(f"/en/events/series/{s.slug}/")
    assert page.status_code == 200
    assert len(page.context["editions"]) == count
    assert len(queries) == 3  # the series with its exceptions, the editions


@pytest.mark.parametrize("count", [1, 3])
def test_network_page_queries_do_not_grow_with_members_and_meetings(count: int) -> None:
    net = Network.objects.create(slug="nrw-china", names={"de": "Netzwerk China NRW"})
    s = series("nrw-meetings", network=net)
    for name in ["Wuppertal", "Düsseldorf", "Duisburg"][:count]:
        NetworkMember.objects.create(network=net, municipality=place(name))
        edition(s, where=name, start=soon(5), end=soon(5))
    with CaptureQueriesContext(connection) as queries:
        page = Client().get("/en/events/networks/nrw-china/")
    assert page.status_code == 200
    assert len(page.context["members"]) == count
    assert len(queries) == 4  # network, members, series, editions


def test_edition_page_shows_times_in_its_zone_programme_seats_and_the_boxes() -> None:
    ed = edition(start="2025-09-08", end="2025-09-11", zone="Africa/Windhoek", where="Windhoek")
    Session.objects.create(edition=ed, titles={"en": "Opening", "de": "Eröffnung"}, starts_at=ed.starts_at,
                           ends_at=ed.starts_at + datetime.timedelta(hours=1), room="Hall A", languages=["en"])
    page = Client().get(f"/en/events/{ed.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "time zone Africa/Windhoek" in text
    assert "Opening" in text
    assert "Hall A" in text
    assert "9:00" in text or "09:00" in text  # 9:00 in Windhoek, not 7:00 UTC or 9:00 Berlin time
    assert page.context["tracks"][0].capacity == 40
    assert page.context["tracks"][0].reserved == 10
    chinese = Client().get(f"/zh-hans/events/{ed.pk}/").content.decode()
    assert "中国圆桌会议" in chinese


def test_draft_edition_is_hidden_from_the_public_and_shown_to_its_organisers() -> None:
    users = people()
    ed = edition(state="draft")
    assert Client().get(f"/en/events/{ed.pk}/").status_code == 404
    assert signed_in(users["other"]).get(f"/en/events/{ed.pk}/").status_code == 404
    assert signed_in(users["staff"]).get(f"/en/events/{ed.pk}/").status_code == 200


def test_series_page_shows_history_with_hosts_and_the_rotation() -> None:
    s = region_series("africa", 2010)
    edition(s, start="2022-09-05", end="2022-09-07", where="Duisburg", host_id=place("Duisburg").pk, number=5)
    edition(s, start="2025-09-08", end="2025-09-11", where="Gießen", host_id=place("Gießen").pk, number=6)
    page = Client().get(f"/en/events/series/{s.slug}/")
    text = page.content.decode()
    assert [e.number for e in page.context["editions"]] == [6, 5]
    assert "Gießen" in text
    assert "Duisburg" in text
    this_year = timezone.localdate().year
    plan = {year: due for year, due, *_rest in page.context["plan"]}
    assert plan[2025] is (this_year - 3 <= 2025)
    assert all(plan[y] == ((y - 2010) % 3 == 0) for y in plan)


def test_organiser_creates_publishes_and_cancels_an_edition() -> None:
    users = people()
    s = series(organiser=Organisation.objects.get(municipality__ref=WUPPERTAL))
    client = signed_in(users["own"])
    created = client.post(f"/en/events/manage/series/{s.slug}/editions/new/", {
        "time_zone": "Europe/Berlin", "start_day": "2026-11-12", "start_time": "09:00", "end_day": "2026-11-12",
        "end_time": "16:00", "place": "Duisburg", "venue": "Rathaus", "languages": ["de"],
        "participant_list": "hidden", "capacity": "30", "reserved": "5", "title_de": "Netzwerktreffen"})
    ed = Edition.objects.get(series=s)
    assert created.status_code == 302
    assert created["Location"] == f"/en/events/manage/{ed.pk}/"
    assert (ed.state, ed.place.name, ed.tracks.get().pool.capacity) == ("draft", "Duisburg", 30)
    assert ed.starts_at == datetime.datetime(2026, 11, 12, 8, 0, tzinfo=datetime.UTC)
    assert client.post(f"/en/events/manage/{ed.pk}/publish/").status_code == 302
    assert Edition.objects.get(pk=ed.pk).state == "published"
    assert client.post(f"/en/events/manage/{ed.pk}/cancel/").status_code == 302
    assert Edition.objects.get(pk=ed.pk).state == "cancelled"


def test_edition_form_with_an_end_before_the_start_says_so_and_saves_nothing() -> None:
    users = people()
    s = series()
    page = signed_in(users["staff"]).post(f"/en/events/manage/series/{s.slug}/editions/new/", {
        "time_zone": "Europe/Berlin", "start_day": "2026-11-12", "start_time": "09:00", "end_day": "2026-11-11",
        "end_time": "16:00", "place": "Duisburg", "languages": ["de"], "participant_list": "hidden",
        "capacity": "30", "reserved": "0"})
    assert page.status_code == 400
    assert "cannot end before it starts" in page.content.decode()
    assert not Edition.objects.exists()


def test_organiser_clones_the_last_edition_adds_a_track_and_a_session() -> None:
    users = people()
    ed = edition(start="2022-06-22", end="2022-06-23", number=6)
    client = signed_in(users["staff"])
    response = client.post(f"/en/events/manage/{ed.pk}/clone/", {"starts_on": "2026-06-17"})
    new = Edition.objects.exclude(pk=ed.pk).get()
    assert response["Location"] == f"/en/events/manage/{new.pk}/"
    assert new.number == 7
    assert client.post(f"/en/events/manage/{new.pk}/tracks/", {
        "name_de": "Einsteiger", "capacity": "25", "reserved": "5", "position": "1"}).status_code == 302
    assert client.post(f"/en/events/manage/{new.pk}/programme/", {
        "title_de": "Begrüßung", "day": "2026-06-17", "start_time": "09:00", "end_time": "09:30",
        "languages": ["de"], "interpretation": "de-zh"}).status_code == 302
    assert new.tracks.count() == 2
    assert Session.objects.get(edition=new).interpretation == [["de", "zh"]]
    track = new.tracks.get(names__de="Einsteiger")
    assert client.post(f"/en/events/manage/tracks/{track.pk}/", {
        "name_de": "Einsteiger", "capacity": "10", "reserved": "20", "position": "1"}).status_code == 400


def test_staff_creates_a_series_with_a_rotation_and_an_exception() -> None:
    users = people()
    client = signed_in(users["staff"])
    agency = Organisation.objects.get(kind="agency")
    response = client.post("/en/events/manage/series/new/", {
        "slug": "regional-asia", "format": "regional_conference", "region": "asia", "organiser": agency.pk,
        "every_years": "3", "anchor_year": "2014", "name_de": "Regionalkonferenz Asien"})
    assert response.status_code == 302
    s = Series.objects.get(slug="regional-asia")
    assert client.post(f"/en/events/manage/series/{s.slug}/rotation/", {
        "year": "2026", "due": "due", "reason": "Sonderkonferenz"}).status_code == 302
    assert s.rotation_overrides.get().due is True


def test_staff_name_the_check_up_criteria_a_series_helps_with(tmp_path: Any) -> None:
    published(tmp_path)  # a check-up questionnaire with the criteria c01, c02 and c05
    users = people()
    client = signed_in(users["staff"])
    page = client.get("/en/events/manage/series/new/").content.decode()
    assert "c02: Criterion c02" in page
    agency = Organisation.objects.get(kind="agency")
    base = {"slug": "training", "format": "training", "organiser": agency.pk, "name_de": "Weiterbildung"}
    assert client.post("/en/events/manage/series/new/", {**base, "criteria": ["c02", "c05"]}).status_code == 302
    assert Series.objects.get(slug="training").criteria == ["c02", "c05"]
    refused = client.post("/en/events/manage/series/training/", {**base, "criteria": ["c99"]})
    assert refused.status_code == 400
    assert Series.objects.get(slug="training").criteria == ["c02", "c05"]


def test_network_form_keeps_members_by_name_and_refuses_an_unknown_place() -> None:
    users = people()
    client = signed_in(users["staff"])
    response = client.post("/en/events/manage/networks/new/", {
        "slug": "nrw-china", "name_de": "Netzwerk China NRW", "municipalities": "Wuppertal\nDüsseldorf"})
    assert response.status_code == 302
    net = Network.objects.get(slug="nrw-china")
    assert sorted(m.municipality.name for m in net.members.all()) == ["Düsseldorf", "Wuppertal"]
    refused = client.post("/en/events/manage/networks/nrw-china/", {
        "slug": "nrw-china", "name_de": "Netzwerk China NRW", "municipalities": "Wuppertal\nAtlantis"})
    assert refused.status_code == 400
    assert "Atlantis" in refused.content.decode()
    assert net.members.count() == 2


def test_networks_and_events_of_a_municipality() -> None:
    duisburg = place("Duisburg")
    net = Network.objects.create(slug="nrw-china", names={"de": "Netzwerk China NRW"})
    NetworkMember.objects.create(network=net, municipality=duisburg)
    hosted = edition(host_id=duisburg.pk, start="2022-06-22", end="2022-06-23")
    other = edition(series("sdg"), where="Bonn", start="2022-05-10", end="2022-05-11")
    edition(series("draft-series"), state="draft", host_id=duisburg.pk)
    track = other.tracks.get()
    from partneratlas.capacity.services import claim_request

    claim = claim_request(pool=track.pool, holder="t", now=timezone.now())
    Registration.objects.create(edition=other, track=track, claim=claim, state="confirmed", name="A",
                                email="a@duisburg.de", language="de", municipality=duisburg,
                                attended_at=other.starts_at)
    found = networks_and_events_of(Municipality.objects.get(pk=duisburg.pk))
    assert ([n.slug for n in found.networks], [e.pk for e in found.hosted], [e.pk for e in found.attended]) == (
        ["nrw-china"], [hosted.pk], [other.pk])
