"""Demo events from the seeds (PRODUCT.md, "Facts from the seeds"): series, their editions, a network.

- Round table on partnerships with China: the 1st in 2016, the 6th on 22–23 June 2022 in Duisburg, one in
  Oldenburg (the seed gives no year: put in 2023 as the 7th), and the next, 16–17 June 2027 in Wuppertal,
  published and open for registration (80 seats, 20 of them kept for partner delegates), with a programme.
- Trainings for beginners and for the experienced (one series each).
- Regional conferences on a three-year rotation: Africa 2010…2022 and the 6th on 8–11 September 2025 in
  Gießen; Asia 2014…2023 with the 4th in Hildesheim (September 2023); Latin America 2015…2024 with the 4th
  in Köln (September 2024); Eastern Europe 2017 in Esslingen am Neckar. Where the seeds give only the year,
  the edition is put in September of it, without a place.
- The German–Ukrainian partnership conference, 7th on 16–18 June 2025 in Münster; SDG partnership
  conferences 2022 in Bonn and 2024 in Münster; the network of climate partnerships met in Windhoek (no year
  in the seeds: 2023).
- The network of NRW municipalities with partners in China (Wuppertal, Düsseldorf, Duisburg) and its meetings
  in 2022: Wuppertal, Düsseldorf, and Duisburg in November.

Everything is written through the services (`series_save`, `edition_create`, `edition_publish`,
`network_save`). Idempotent: a series that exists is not created again, and an edition is added only
when its series has none starting on that day.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from partneratlas.events import editions as services
from partneratlas.events.models import Edition, Format, Level, Network, Series, Session, WorldRegion
from partneratlas.events.networks import NetworkData, network_save
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Organisation, OrganisationKind

AGENCY = "Servicestelle Kommunen in der Einen Welt (SKEW), Engagement Global"
BERLIN = ZoneInfo("Europe/Berlin")

# slug, format, level, region, every_years, anchor, names (de, en, zh)
SERIES: list[tuple[str, str, str, str, int | None, int | None, tuple[str, str, str]]] = [
    ("round-table-china", Format.ROUND_TABLE, "", "", None, None,
     ("Runder Tisch China", "Round table on partnerships with China", "中德城市伙伴关系圆桌会议")),
    ("training-beginners", Format.TRAINING, Level.BEGINNER, "", None, None,
     ("Weiterbildung China: Einsteiger", "Training China: beginners", "中国培训：初级")),
    ("training-advanced", Format.TRAINING, Level.ADVANCED, "", None, None,
     ("Weiterbildung China: Erfahrene", "Training China: experienced", "中国培训：高级")),
    ("regional-africa", Format.REGIONAL_CONFERENCE, "", WorldRegion.AFRICA, 3, 2010,
     ("Regionalkonferenz Afrika", "Regional partnership conference Africa", "非洲区域伙伴关系会议")),
    ("regional-asia", Format.REGIONAL_CONFERENCE, "", WorldRegion.ASIA, 3, 2014,
     ("Regionalkonferenz Asien", "Regional partnership conference Asia", "亚洲区域伙伴关系会议")),
    ("regional-latin-america", Format.REGIONAL_CONFERENCE, "", WorldRegion.LATIN_AMERICA, 3, 2015,
     ("Regionalkonferenz Lateinamerika", "Regional partnership conference Latin America", "拉丁美洲区域伙伴关系会议")),
    ("regional-eastern-europe", Format.REGIONAL_CONFERENCE, "", WorldRegion.EASTERN_EUROPE, None, None,
     ("Regionalkonferenz Osteuropa", "Regional partnership conference Eastern Europe", "东欧区域伙伴关系会议")),
    ("german-ukrainian", Format.PARTNERSHIP_CONFERENCE, "", "", None, None,
     ("Deutsch-Ukrainische Partnerschaftskonferenz", "German–Ukrainian partnership conference", "德乌伙伴关系会议")),
    ("sdg-conference", Format.SDG_CONFERENCE, "", "", None, None,
     ("SDG-Partnerschaftskonferenz", "SDG partnership conference", "可持续发展目标伙伴关系会议")),
    ("climate-partnerships", Format.NETWORK_MEETING, "", "", None, None,
     ("Netzwerktreffen Klimapartnerschaften", "Network meeting of the climate partnerships", "气候伙伴关系网络会议")),
    ("nrw-china-meetings", Format.NETWORK_MEETING, "", "", None, None,
     ("Netzwerktreffen China NRW", "NRW China network meeting", "北威州中国网络会议")),
]

# The check-up's criteria each series helps with (its next editions are offered to partnerships weak on them).
CRITERIA: dict[str, list[str]] = {
    "round-table-china": ["c04", "c12", "c20"],  # joint projects, meeting in person, support and networking
    "training-beginners": ["c08", "c10", "c11", "c14"],  # knowledge, language, routines, cultural awareness
    "training-advanced": ["c05", "c06", "c09", "c17"],  # strategy, structures, funding, monitoring
    "nrw-china-meetings": ["c08", "c20"],
}

# series, number, first day, last day, place (None: not in the seeds), zone
EDITIONS: list[tuple[str, int | None, str, str, str | None, str]] = [
    ("round-table-china", 1, "2016-06-20", "2016-06-21", None, "Europe/Berlin"),
    ("round-table-china", 6, "2022-06-22", "2022-06-23", "Duisburg", "Europe/Berlin"),
    ("round-table-china", 7, "2023-06-21", "2023-06-22", "Oldenburg", "Europe/Berlin"),
    *[("regional-africa", n, f"{y}-09-05", f"{y}-09-07", None, "Europe/Berlin")
      for n, y in enumerate((2010, 2013, 2016, 2019, 2022), start=1)],
    ("regional-africa", 6, "2025-09-08", "2025-09-11", "Gießen", "Europe/Berlin"),
    *[("regional-asia", n, f"{y}-09-05", f"{y}-09-07", None, "Europe/Berlin")
      for n, y in enumerate((2014, 2017, 2020), start=1)],
    ("regional-asia", 4, "2023-09-18", "2023-09-20", "Hildesheim", "Europe/Berlin"),
    *[("regional-latin-america", n, f"{y}-09-05", f"{y}-09-07", None, "Europe/Berlin")
      for n, y in enumerate((2015, 2018, 2021), start=1)],
    ("regional-latin-america", 4, "2024-09-16", "2024-09-18", "Köln", "Europe/Berlin"),
    ("regional-eastern-europe", 1, "2017-10-16", "2017-10-18", "Esslingen am Neckar", "Europe/Berlin"),
    ("german-ukrainian", 7, "2025-06-16", "2025-06-18", "Münster", "Europe/Berlin"),
    ("sdg-conference", None, "2022-09-12", "2022-09-14", "Bonn", "Europe/Berlin"),
    ("sdg-conference", None, "2024-09-09", "2024-09-11", "Münster", "Europe/Berlin"),
    ("climate-partnerships", None, "2023-05-15", "2023-05-17", "Windhoek", "Africa/Windhoek"),
    ("nrw-china-meetings", None, "2022-03-15", "2022-03-15", "Wuppertal", "Europe/Berlin"),
    ("nrw-china-meetings", None, "2022-06-08", "2022-06-08", "Düsseldorf", "Europe/Berlin"),
    ("nrw-china-meetings", None, "2022-11-16", "2022-11-16", "Duisburg", "Europe/Berlin"),
]
NRW_MEMBERS = ("Wuppertal", "Düsseldorf", "Duisburg")


def _place(name: str | None) -> Municipality | None:
    if not name:
        return None
    return Municipality.objects.filter(name=name).order_by("-population", "pk").first()


def _at(day: str, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=ZoneInfo(zone)).astimezone(
        datetime.UTC)


def _agency() -> Organisation:
    found = Organisation.objects.filter(kind=OrganisationKind.AGENCY).order_by("pk").first()
    return found or Organisation.objects.create(kind=OrganisationKind.AGENCY, name=AGENCY)


def _edition(series: Series, number: int | None, first: str, last: str, where: str | None, zone: str,
             now: datetime.datetime, **extra: Any) -> Edition | None:
    starts = _at(first, 9, zone)
    if Edition.objects.filter(series=series, starts_at__date=starts.date()).exists():
        return None
    place = _place(where)
    values = {"number": number, "starts_at": starts, "ends_at": _at(last, 17, zone), "time_zone": zone,
              "place_id": place.pk if place else None,
              "host_id": place.pk if place and place.country_id == "DE" else None,
              "languages": ["de", "zh"] if series.slug == "round-table-china" else ["de", "en"]} | extra
    edition = services.edition_create(series=series, values=values, user=None, now=now)
    services.edition_publish(edition=edition, now=now)
    return edition


@transaction.atomic
def demo_load(*, today: datetime.date) -> int:
    """Load the demo series, editions and the NRW network; returns how many editions were added."""
    now = datetime.datetime.combine(today, datetime.time(8, 0), tzinfo=datetime.UTC)
    agency = _agency()
    network = Network.objects.filter(slug="nrw-china").first()
    if network is None:
        members = [m for m in (_place(name) for name in NRW_MEMBERS) if m is not None]
        network = network_save(network=None, data=NetworkData(
            slug="nrw-china", names={"de": "Netzwerk China NRW", "en": "NRW China network", "zh": "北威州中国网络"},
            descriptions={"de": "Inter-kommunaler Austausch der kommunalen Leistungseinheiten für das Chinageschäft "
                                "in Nordrhein-Westfalen."},
            coordinator=None, municipalities=members, organisations=[]), today=today)
    by_slug: dict[str, Series] = {}
    for slug, fmt, level, region, every, anchor, (de, en, zh) in SERIES:
        found = Series.objects.filter(slug=slug).first()
        by_slug[slug] = found or services.series_save(series=None, values={
            "slug": slug, "format": fmt, "level": level, "region": region, "every_years": every, "anchor_year": anchor,
            "names": {"de": de, "en": en, "zh": zh}, "organiser": agency,
            "network": network if slug == "nrw-china-meetings" else None, "criteria": CRITERIA.get(slug, [])})
        if not by_slug[slug].criteria and CRITERIA.get(slug):  # a database loaded before series had criteria
            Series.objects.filter(pk=by_slug[slug].pk).update(criteria=CRITERIA[slug])
    added = 0
    for slug, number, first, last, where, zone in EDITIONS:
        added += _edition(by_slug[slug], number, first, last, where, zone, now) is not None
    upcoming = _edition(
        by_slug["round-table-china"], 9, "2027-06-16", "2027-06-17", "Wuppertal", "Europe/Berlin", now,
        capacity=80, reserved=20, needs_approval=False,
        registration_opens=now - datetime.timedelta(days=7), registration_closes=_at("2027-05-31", 23, "Europe/Berlin"),
        descriptions={"de": "Austausch von Erfahrungen und Expertise, Beispiele guter Praxis, die Agenda 2030 mit "
                            "chinesischen Kommunen, Aspekte der Wirtschaftsförderung.",
                      "en": "Exchange of experience and expertise, examples of good practice, the 2030 Agenda with "
                            "Chinese municipalities, aspects of economic development.",
                      "zh": "交流经验与专业知识、良好实践案例、与中国城市共同落实2030年议程、经济促进。"})
    training = _edition(
        by_slug["training-beginners"], None, "2027-03-10", "2027-03-11", "Bonn", "Europe/Berlin", now,
        capacity=24, needs_approval=True, registration_opens=now - datetime.timedelta(days=7),
        registration_closes=_at("2027-02-15", 23, "Europe/Berlin"),
        descriptions={"de": "China und Deutschland im interkulturellen Kontext, die eigene Rolle in der Partnerschaft, "
                            "Akteure analysieren, konkrete Ansätze für die Zusammenarbeit.",
                      "en": "China and Germany in an intercultural context, one's own role in the partnership, "
                            "analysing the actors, concrete approaches to working together.",
                      "zh": "跨文化背景下的中国与德国、自身在伙伴关系中的角色、行为主体分析、合作的具体方法。"})
    added += training is not None
    if upcoming is not None:
        added += 1
        day = [("2027-06-16", 9, 10, {"de": "Begrüßung", "en": "Welcome", "zh": "欢迎致辞"}),
               ("2027-06-16", 10, 12, {"de": "Beispiele guter Praxis", "en": "Examples of good practice",
                                       "zh": "良好实践案例"}),
               ("2027-06-17", 9, 12, {"de": "Agenda 2030 mit chinesischen Kommunen",
                                      "en": "The 2030 Agenda with Chinese municipalities",
                                      "zh": "与中国城市共同落实2030年议程"})]
        Session.objects.bulk_create([
            Session(edition=upcoming, titles=titles, starts_at=_at(d, a, "Europe/Berlin"),
                    ends_at=_at(d, b, "Europe/Berlin"),
                    room="Ratssaal", languages=["de", "zh"], interpretation=[["de", "zh"]]) for d, a, b, titles in day])
    return added
