"""Series, editions, tracks, programme and rotation: the organisers' services."""

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partneratlas.capacity import services as pools
from partneratlas.capacity.models import Claim
from partneratlas.events import editions as services
from partneratlas.events.models import Edition, RotationOverride, Series, Session, Track
from partneratlas.events.rotation import RotationError, by_rule, due_years, rotation_override_set, rotation_plan
from partneratlas.events.signals import edition_changed
from partneratlas.events.tests.test_core_world import NOW, edition, local, place, region_series, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes() -> Any:
    sent: list[dict[str, Any]] = []

    def record(sender: Any, **kwargs: Any) -> None:
        sent.append({"edition": kwargs["edition"].pk, "fields": kwargs["fields"], "cancelled": kwargs["cancelled"]})

    edition_changed.connect(record, dispatch_uid="core-test")
    yield sent
    edition_changed.disconnect(dispatch_uid="core-test")


def test_edition_create_makes_a_draft_with_one_track_and_its_seats() -> None:
    ed = edition(state="draft", capacity=30, reserved=8)
    assert ed.state == Edition.State.DRAFT
    track = ed.tracks.get()
    assert (track.pool.capacity, track.pool.reserved, track.pool.reserved_for) == (30, 8, "partner")
    assert ed.sequence == 0


def test_edition_update_of_the_times_raises_the_sequence_and_tells_once(changes: list[dict[str, Any]]) -> None:
    ed = edition()
    changed = services.edition_update(edition=ed, values={"starts_at": local("2026-06-22", 10),
                                                          "venue": "Mercatorhalle"}, now=NOW)
    ed.refresh_from_db()
    assert changed == ["starts_at", "venue"]
    assert ed.sequence == 1
    assert changes == [{"edition": ed.pk, "fields": ["starts_at", "venue"], "cancelled": False}]


def test_edition_update_of_the_title_alone_tells_nobody(changes: list[dict[str, Any]]) -> None:
    ed = edition()
    assert services.edition_update(edition=ed, values={"titles": {"de": "7. Runder Tisch"}}, now=NOW) == []
    ed.refresh_from_db()
    assert (ed.sequence, ed.titles, changes) == (0, {"de": "7. Runder Tisch"}, [])


def test_edition_update_of_a_draft_tells_nobody(changes: list[dict[str, Any]]) -> None:
    ed = edition(state="draft")
    services.edition_update(edition=ed, values={"place_id": place("Oldenburg").pk}, now=NOW)
    ed.refresh_from_db()
    assert (ed.sequence, changes) == (0, [])


def test_edition_update_refuses_an_end_before_the_start_and_writes_nothing() -> None:
    ed = edition()
    with pytest.raises(services.EditionError, match="cannot end before it starts"):
        services.edition_update(edition=ed, values={"ends_at": local("2026-06-20", 9), "venue": "X"}, now=NOW)
    ed.refresh_from_db()
    assert ed.venue == "Rathaus"


def test_edition_cancel_raises_the_sequence_and_tells_once(changes: list[dict[str, Any]]) -> None:
    ed = edition()
    services.edition_cancel(edition=ed, now=NOW)
    ed.refresh_from_db()
    assert (ed.state, ed.sequence, ed.cancelled_at) == ("cancelled", 1, NOW)
    assert changes == [{"edition": ed.pk, "fields": ["state"], "cancelled": True}]
    with pytest.raises(services.EditionError):
        services.edition_cancel(edition=ed, now=NOW)
    assert len(changes) == 1


def test_edition_publish_only_a_draft() -> None:
    ed = edition(state="draft")
    services.edition_publish(edition=ed, now=NOW)
    assert Edition.objects.get(pk=ed.pk).state == "published"
    with pytest.raises(services.EditionError):
        services.edition_publish(edition=ed, now=NOW)


def test_edition_clone_shifts_dates_and_copies_tracks_sessions_languages_questions() -> None:
    source = edition(start="2022-06-22", end="2022-06-23", capacity=60, reserved=15, number=6,
                     registration_opens=local("2022-04-01", 0), registration_closes=local("2022-06-10", 23))
    services.track_add(edition=source, names={"de": "Fortgeschrittene"}, capacity=20, reserved=4, now=NOW)
    advanced = source.tracks.get(names__de="Fortgeschrittene")
    services.session_save(edition=source, session=None, values={
        "titles": {"de": "Begrüßung"}, "starts_at": local("2022-06-22", 9), "ends_at": local("2022-06-22", 10),
        "room": "Saal 1", "languages": ["de", "zh"], "interpretation": [["de", "zh"]]})
    services.session_save(edition=source, session=None, values={
        "titles": {"de": "Verhandeln"}, "starts_at": local("2022-06-23", 14), "ends_at": local("2022-06-23", 16),
        "track": advanced})
    pools.claim_request(pool=advanced.pool, holder="events.registration:1", now=NOW)

    result = services.edition_clone(source=source, starts_on=datetime.date(2026, 6, 17), user=None, now=NOW)
    new = result.edition
    assert (new.state, new.number, new.cloned_from_id, new.place_id, new.host_id) == ("draft", 7, source.pk, None, None)
    assert new.starts_at == local("2026-06-17", 9)
    assert new.ends_at == local("2026-06-18", 17)
    assert new.registration_opens == local("2026-03-27", 0)  # 82 days before the start, as before, at 0:00
    assert result.copied == {"tracks": 2, "sessions": 2}
    tracks = list(new.tracks.select_related("pool").order_by("position"))
    assert [(t.pool.capacity, t.pool.reserved) for t in tracks] == [(60, 15), (20, 4)]
    assert not {t.pool_id for t in tracks} & set(source.tracks.values_list("pool_id", flat=True))
    assert Claim.objects.filter(pool__in=[t.pool for t in tracks]).count() == 0  # nobody registered in the clone
    sessions = list(new.sessions.order_by("starts_at"))
    assert [(s.title, s.starts_at, s.track_id) for s in sessions] == [
        ("Begrüßung", local("2026-06-17", 9), None), ("Verhandeln", local("2026-06-18", 14), tracks[1].pk)]
    assert sessions[0].interpretation == [["de", "zh"]]
    assert new.languages == ["de", "zh"]


def test_edition_clone_keeps_the_local_hour_across_summer_time() -> None:
    source = edition(start="2026-01-15", end="2026-01-15")  # winter: 9:00 CET = 8:00 UTC
    new = services.edition_clone(source=source, starts_on=datetime.date(2026, 7, 15), user=None, now=NOW).edition
    assert new.starts_at == datetime.datetime(2026, 7, 15, 7, 0, tzinfo=datetime.UTC)  # 9:00 CEST


def test_track_update_lowering_the_seats_evicts_nobody() -> None:
    ed = edition(capacity=3, reserved=0)
    track = ed.tracks.select_related("pool").get()
    claims = [pools.claim_request(pool=track.pool, holder=f"h:{i}", now=NOW) for i in range(3)]
    services.track_update(track=track, names={"de": "Alle"}, capacity=1, reserved=0, position=0, now=NOW)
    assert [Claim.objects.get(pk=c.pk).state for c in claims] == ["confirmed"] * 3
    assert Track.objects.get(pk=track.pk).pool.capacity == 1


def test_track_update_raising_the_seats_offers_them_to_those_waiting() -> None:
    ed = edition(capacity=1, reserved=0)
    track = ed.tracks.select_related("pool").get()
    pools.claim_request(pool=track.pool, holder="h:1", now=NOW)
    waiting = pools.claim_request(pool=track.pool, holder="h:2", now=NOW)
    assert waiting.state == "waiting"
    services.track_update(track=track, names={}, capacity=2, reserved=0, position=0, now=NOW)
    assert Claim.objects.get(pk=waiting.pk).state == "offered"


def test_track_refuses_more_reserved_seats_than_seats() -> None:
    ed = edition()
    with pytest.raises(services.EditionError, match="more reserved seats"):
        services.track_add(edition=ed, names={}, capacity=5, reserved=6, now=NOW)
    assert ed.tracks.count() == 1


def test_session_outside_the_edition_days_is_refused() -> None:
    ed = edition()
    with pytest.raises(services.EditionError, match="days of the edition"):
        services.session_save(edition=ed, session=None, values={
            "titles": {"de": "Zu spät"}, "starts_at": local("2026-06-24", 9), "ends_at": local("2026-06-24", 10)})
    assert Session.objects.count() == 0


def test_rotation_rule_and_overrides() -> None:
    africa = region_series("africa", 2010)
    assert [d.year for d in due_years(africa, first=2009, last=2026)] == [2010, 2013, 2016, 2019, 2022, 2025]
    rotation_override_set(series=africa, year=2025, due=False, reason="verschoben", by=None)
    rotation_override_set(series=africa, year=2026, due=True, reason="nachgeholt", by=None)
    due = due_years(africa, first=2024, last=2028)
    assert [(d.year, d.overridden, d.reason) for d in due] == [(2026, True, "nachgeholt"), (2028, False, "")]
    rotation_override_set(series=africa, year=2025, due=None, reason="", by=None)
    assert RotationOverride.objects.filter(series=africa).count() == 1
    assert 2025 in [d.year for d in due_years(africa, first=2025, last=2025)]


def test_rotation_plan_says_which_region_is_due_in_which_year() -> None:
    regions = [region_series("africa", 2010), region_series("asia", 2014), region_series("latin_america", 2015)]
    plan = dict(rotation_plan(Series.objects.filter(pk__in=[s.pk for s in regions]).prefetch_related(
        "rotation_overrides").order_by("anchor_year"), first=2025, last=2027))
    assert {year: [d.series.region for d in due] for year, due in plan.items()} == {
        2025: ["africa"], 2026: ["asia"], 2027: ["latin_america"]}


def test_rotation_override_needs_a_rotation() -> None:
    with pytest.raises(RotationError):
        rotation_override_set(series=series(), year=2026, due=True, reason="", by=None)


@settings(max_examples=60, deadline=None)
@given(every=st.integers(1, 6), anchor=st.integers(1990, 2030), year=st.integers(1980, 2060))
def test_rotation_rule_property(every: int, anchor: int, year: int) -> None:
    one = Series(slug="x", every_years=every, anchor_year=anchor)
    due = by_rule(one, year)
    assert due == (year >= anchor and (year - anchor) % every == 0)
    if due:
        assert by_rule(one, year + every)
        assert not any(by_rule(one, year + k) for k in range(1, every))
