"""The core tests' world: the agency, a series, editions with tracks and programme (no tests here)."""

import datetime
from typing import Any

from partneratlas.events import editions as services
from partneratlas.events.models import Edition, Format, Series, WorldRegion
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.people.tests.factories import persona

NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
WUPPERTAL, DONGGUAN, HAMBURG, DUISBURG = "gn:2805753", "gn:1812545", "gn:2911298", "gn:2934691"


def place(name: str) -> Municipality:
    return Municipality.objects.filter(name=name, country_id__in=["DE", "NA", "CN"]).order_by("-population").first()


def agency() -> Organisation:
    found = Organisation.objects.filter(kind=OrganisationKind.AGENCY).first()
    return found or Organisation.objects.create(kind=OrganisationKind.AGENCY, name="Servicestelle Kommunen in der Einen Welt")


def series(slug: str = "round-table-china", *, organiser: Organisation | None = None, **extra: Any) -> Series:
    values = {"format": Format.ROUND_TABLE, "names": {"de": "Runder Tisch China", "en": "Round table China",
                                                       "zh": "中国圆桌会议"}} | extra
    return Series.objects.create(slug=slug, organiser=organiser or agency(), **values)


def local(day: str, hour: int, zone: str = "Europe/Berlin") -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=ZoneInfo(zone)).astimezone(datetime.UTC)


def edition(s: Series | None = None, *, start: str = "2026-06-22", end: str = "2026-06-23", state: str = "published",
            capacity: int = 40, reserved: int = 10, zone: str = "Europe/Berlin", where: str = "Duisburg",
            **extra: Any) -> Edition:
    values = {"starts_at": local(start, 9, zone), "ends_at": local(end, 17, zone), "time_zone": zone,
              "place_id": place(where).pk if where else None, "venue": "Rathaus", "languages": ["de", "zh"],
              "capacity": capacity, "reserved": reserved} | extra
    ed = services.edition_create(series=s or series(), values=values, user=None, now=NOW)
    if state != "draft":
        Edition.objects.filter(pk=ed.pk).update(state=state)
        ed.refresh_from_db()
    return ed


def people() -> dict[str, Any]:
    """The five personas of the project's matrix, Wuppertal's editor also an editor of the series' organiser when
    `organiser_of` is passed to `series`."""
    return {
        "own": persona("own@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL),
        "other": persona("other@hamburg.de", OrganisationKind.MUNICIPALITY, HAMBURG),
        "partner": persona("partner@dongguan.cn", OrganisationKind.PARTNER_MUNICIPALITY, DONGGUAN),
        "staff": persona("staff@agency.de", OrganisationKind.AGENCY),
    }


def region_series(region: str, anchor: int, slug: str = "") -> Series:
    return series(slug or f"regional-{region}", format=Format.REGIONAL_CONFERENCE, region=region, every_years=3,
                  anchor_year=anchor, names={"de": f"Regionalkonferenz {WorldRegion(region).label}",
                                             "en": f"Regional conference {WorldRegion(region).label}"})
