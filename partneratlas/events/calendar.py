"""Calendar files (RFC 5545): one edition as an invitation (METHOD REQUEST, or CANCEL), a series as a feed.

Written here, without a library: lines end in CRLF and are folded at 75 octets (never inside a
UTF-8 character), text is escaped (backslash, semicolon, comma, newline). Times are given in the
edition's own time zone (DTSTART;TZID=Europe/Berlin:…) with a VTIMEZONE that spells out the zone's
offsets and changes in the years concerned, computed from the system's time zone data, so that
every calendar, also one without the Olson names, shows the right hour. The event's UID is
"<edition.uid>@partneratlas" and never changes; SEQUENCE is `edition.sequence`, which the edition
services raise with every change of times, place or state, so calendars replace the old entry.
"""

import datetime
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partneratlas.events.models import Edition, Series

PRODID = "-//PartnerAtlas//Events//EN"
UTC = datetime.UTC


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets without cutting a UTF-8 character, ending in CRLF."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: do not split here
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # the continuation lines begin with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime.datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def _offset(delta: datetime.timedelta | None) -> str:
    seconds = int((delta or datetime.timedelta()).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}{rest // 60:02d}"


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@functools.cache
def _transitions(name: str, year: int) -> tuple[tuple[datetime.datetime, datetime.timedelta, datetime.timedelta,
                                                      str, bool], ...]:
    """The zone's changes of offset in `year`: (instant in UTC, offset before, offset after, name, daylight)."""
    zone = zone_of(name)
    found = []
    start = datetime.datetime(year, 1, 1, tzinfo=UTC)
    before = start.astimezone(zone).utcoffset()
    for day in range(1, 367):
        moment = start + datetime.timedelta(days=day)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            low, high = moment - datetime.timedelta(days=1), moment  # the change lies in between: find the minute
            while high - low > datetime.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            local = high.astimezone(zone)
            found.append((high, before or datetime.timedelta(), after or datetime.timedelta(),
                          local.tzname() or name, bool(local.dst())))
            before = after
        if moment.year > year:
            break
    return tuple(found)


def vtimezone(name: str, years: Iterable[int]) -> list[str]:
    """A VTIMEZONE for the zone, with an observance for each change in the years (one if there is none)."""
    zone = zone_of(name)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    for year in sorted(set(years)):
        changes = _transitions(zone.key, year)
        if not changes:
            first = datetime.datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
            lines += ["BEGIN:STANDARD", f"DTSTART:{year}0101T000000", f"TZOFFSETFROM:{_offset(first.utcoffset())}",
                      f"TZOFFSETTO:{_offset(first.utcoffset())}", f"TZNAME:{escape(first.tzname() or zone.key)}",
                      "END:STANDARD"]
        for instant, before, after, tzname, daylight in changes:
            kind = "DAYLIGHT" if daylight else "STANDARD"
            lines += [f"BEGIN:{kind}", f"DTSTART:{(instant + before).strftime('%Y%m%dT%H%M%S')}",
                      f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}",
                      f"TZNAME:{escape(tzname)}", f"END:{kind}"]
    return [*lines, "END:VTIMEZONE"]


def _where(edition: Edition) -> str:
    parts = [edition.venue, edition.address, edition.place.display_name if edition.place else ""]
    return ", ".join(p for p in parts if p) or edition.online_url


def _event(edition: Edition, *, language: str, cancelled: bool) -> list[str]:
    zone = zone_of(edition.time_zone)
    cancelled = cancelled or edition.state == Edition.State.CANCELLED
    with translation.override(language):
        url = settings.SITE_URL.rstrip("/") + reverse("events:edition", args=[edition.pk])
        title, description, where = edition.title, edition.descriptions, _where(edition)
        text = (description.get(language) or description.get(language.split("-")[0]) or description.get("en")
                or next(iter(description.values()), ""))
    lines = ["BEGIN:VEVENT", f"UID:{edition.uid}@partneratlas", f"SEQUENCE:{edition.sequence}",
             f"DTSTAMP:{_utc(edition.updated_at or edition.starts_at)}",
             f"DTSTART;TZID={zone.key}:{_local(edition.starts_at, zone)}",
             f"DTEND;TZID={zone.key}:{_local(edition.ends_at, zone)}",
             f"SUMMARY:{escape(title)}", f"URL:{url}",
             f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}"]
    if text:
        lines.append(f"DESCRIPTION:{escape(text + chr(10) + chr(10) + url)}")
    if where:
        lines.append(f"LOCATION:{escape(where)}")
    organiser = edition.series.organiser
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    lines.append(f'ORGANIZER;CN="{organiser.name.replace(chr(34), "")}":mailto:{sender}')
    return [*lines, "END:VEVENT"]


def _calendar(editions: list[Edition], *, language: str, method: str, cancelled: bool = False,
              name: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    by_zone: dict[str, set[int]] = {}
    for edition in editions:
        zone = zone_of(edition.time_zone).key
        by_zone.setdefault(zone, set()).update(range(edition.starts_at.year - 1, edition.ends_at.year + 1))
    for zone, years in sorted(by_zone.items()):
        lines += vtimezone(zone, years)
    for edition in editions:
        lines += _event(edition, language=language, cancelled=cancelled)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def edition_ics(edition: Edition, *, language: str, cancelled: bool = False) -> bytes:
    """The edition as a calendar invitation in `language`: METHOD REQUEST, or CANCEL when it is (being) cancelled."""
    cancelled = cancelled or edition.state == Edition.State.CANCELLED
    return _calendar([edition], language=language, method="CANCEL" if cancelled else "REQUEST", cancelled=cancelled)


def series_ics(series: Series, editions: list[Edition], *, language: str) -> bytes:
    """A feed of the series' editions (METHOD PUBLISH), cancelled ones marked so; the caller picks the editions."""
    with translation.override(language):
        name = series.name
    return _calendar(editions, language=language, method="PUBLISH", name=name)
