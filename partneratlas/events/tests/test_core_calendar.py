"""Calendar files: parsed back with the `icalendar` package, times right in UTC, stable ids, updates, cancellation."""

import datetime

import icalendar
import pytest
from django.test import Client

from partneratlas.events import editions as services
from partneratlas.events.calendar import edition_ics, escape, fold, series_ics
from partneratlas.events.tests.test_core_world import NOW, edition, local, series

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_edition_ics_parsed_back_has_the_right_utc_times_and_stable_uid() -> None:
    ed = edition(start="2022-06-22", end="2022-06-23")  # summer in Duisburg: 9:00 CEST = 7:00 UTC
    cal = icalendar.Calendar.from_ical(edition_ics(ed, language="de"))
    assert str(cal["METHOD"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(UTC) == datetime.datetime(2022, 6, 22, 7, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime.datetime(2022, 6, 23, 15, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(event["UID"]) == f"{ed.uid}@partneratlas"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Runder Tisch China"
    assert "Rathaus" in str(event["LOCATION"])
    assert "Duisburg" in str(event["LOCATION"])
    zone = cal.walk("VTIMEZONE")[0]
    assert str(zone["TZID"]) == "Europe/Berlin"
    offsets = {str(sub.name): sub["TZOFFSETTO"].td for sub in zone.subcomponents}
    assert offsets == {"DAYLIGHT": datetime.timedelta(hours=2), "STANDARD": datetime.timedelta(hours=1)}


def test_edition_ics_in_a_zone_without_summer_time() -> None:
    ed = edition(start="2025-09-08", end="2025-09-11", zone="Africa/Windhoek", where="Windhoek")
    (event,) = events_of(edition_ics(ed, language="en"))
    assert event.decoded("DTSTART").astimezone(UTC) == datetime.datetime(2025, 9, 8, 7, 0, tzinfo=UTC)  # UTC+2
    assert str(event["SUMMARY"]) == "Round table China"


def test_edition_ics_in_chinese_and_after_a_change_and_a_cancellation() -> None:
    ed = edition(start="2026-06-22", end="2026-06-23")
    uid = f"{ed.uid}@partneratlas"
    assert str(events_of(edition_ics(ed, language="zh"))[0]["SUMMARY"]) == "中国圆桌会议"
    services.edition_update(edition=ed, values={"starts_at": local("2026-06-22", 11)}, now=NOW)
    (moved,) = events_of(edition_ics(ed, language="de"))
    assert (str(moved["UID"]), int(moved["SEQUENCE"])) == (uid, 1)
    assert moved.decoded("DTSTART").astimezone(UTC) == datetime.datetime(2026, 6, 22, 9, 0, tzinfo=UTC)
    services.edition_cancel(edition=ed, now=NOW)
    cal = icalendar.Calendar.from_ical(edition_ics(ed, language="de"))
    (gone,) = cal.walk("VEVENT")
    assert (str(cal["METHOD"]), str(gone["STATUS"]), int(gone["SEQUENCE"]), str(gone["UID"])) == (
        "CANCEL", "CANCELLED", 2, uid)


def test_series_feed_has_every_public_edition_and_no_draft() -> None:
    s = series()
    old = edition(s, start="2022-06-22", end="2022-06-23")
    new = edition(s, start="2026-06-22", end="2026-06-23")
    edition(s, start="2027-06-22", end="2027-06-23", state="draft")
    response = Client().get(f"/en/events/series/{s.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert sorted(str(e["UID"]) for e in cal.walk("VEVENT")) == sorted(
        [f"{old.uid}@partneratlas", f"{new.uid}@partneratlas"])
    assert series_ics(s, [], language="de").startswith(b"BEGIN:VCALENDAR\r\n")


def test_lines_are_folded_at_75_octets_without_cutting_a_character() -> None:
    line = "SUMMARY:" + "中国圆桌会议" * 20
    folded = fold(line)
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").decode() == line + "\r\n"


def test_text_is_escaped() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_edition_ics_of_a_draft_is_not_found_for_the_public() -> None:
    ed = edition(state="draft")
    assert Client().get(f"/en/events/{ed.pk}/calendar.ics").status_code == 404
