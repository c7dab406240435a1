"""Who a regional conference admits as partner delegate: the region's countries on the DAC list of ODA recipients.

The list is data the agency keeps: `partneratlas/events/data/oda-recipients-2024-2025.csv`
(the OECD DAC List of ODA Recipients for reporting on 2024 and 2025 flows, by region),
loaded into OdaCountry by `partneratlas events load-oda [--file F]`. A new list (the DAC
revises it every three years) is a new file with its own years; loading it again changes nothing.

The rule, and our choice where the issue leaves one: an edition with `partner_regions_only`
admits partner delegates from countries listed for its series' region on the edition's date.
A partner delegate from elsewhere is not refused: the registration is taken as "awaiting
approval", flagged `outside_region`, and the person and the organisers are told so at once
(on the page and in the message). The organiser decides; a partner city outside the list
(a graduated country, a neighbour) is sometimes welcome all the same.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from partneratlas.events.models import Edition, OdaCountry, WorldRegion
from partneratlas.gazetteer.models import Country

DATA_FILE = Path(__file__).resolve().parent / "data" / "oda-recipients-2024-2025.csv"


def oda_countries(region: str, *, on: datetime.date) -> set[str]:
    """The ISO codes of the region's ODA recipients on the day: the newest list that had begun by then.

    A list stays in force until the next one is loaded (the DAC publishes the next list for the
    following years; until then the last one is what everyone uses); `valid_until` records the
    years the list was made for.
    """
    newest = OdaCountry.objects.filter(valid_from__lte=on).aggregate(newest=Max("valid_from"))["newest"]
    if newest is None:
        return set()
    return set(OdaCountry.objects.filter(region=region, valid_from=newest).values_list("country_id", flat=True))


def region_of(edition: Edition) -> str:
    """The world region whose partners the edition admits, or "" (no such rule)."""
    return edition.series.region if edition.partner_regions_only else ""


def outside_region(edition: Edition, country: Country | None, *, on: datetime.date) -> bool:
    """A partner delegate from `country` falls outside the edition's region's ODA list."""
    region = region_of(edition)
    if not region:
        return False
    if country is None:
        return True
    day = edition.starts_at.date() if edition.starts_at else on
    return country.pk not in oda_countries(region, on=day)


@dataclass(frozen=True)
class Loaded:
    loaded: int
    unchanged: int
    skipped: list[str]  # rows not loaded, with the reason


def read_list(path: Path) -> tuple[datetime.date, datetime.date | None, list[dict[str, str]]]:
    """The list's years and rows (iso, region, group, name); comment lines start with #."""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as handle:
        for line in csv.reader(row for row in handle if not row.startswith("#")):
            if not line:
                continue
            if line[0] == "valid_from":
                valid_from = datetime.date.fromisoformat(line[1])
            elif line[0] == "valid_until":
                valid_until = datetime.date.fromisoformat(line[1]) if line[1] else None
            elif header is None:
                header = line
            else:
                rows.append(dict(zip(header, line, strict=False)))
    if valid_from is None or header is None:
        raise ValueError(f"{path}: the file needs a valid_from line and a header line")
    return valid_from, valid_until, rows


@transaction.atomic
def oda_load(*, path: Path = DATA_FILE) -> Loaded:
    """Load the list into OdaCountry: each listed country of our world regions for the file's years.

    Idempotent (keyed by country and first year); a row for a region no conference covers
    (Oceania) or a country the gazetteer lacks is skipped and reported. Side effects: OdaCountry rows.
    """
    valid_from, valid_until, rows = read_list(path)
    regions = set(WorldRegion.values)
    known = set(Country.objects.values_list("code", flat=True))
    existing = {o.country_id: o for o in OdaCountry.objects.filter(valid_from=valid_from)}
    loaded = unchanged = 0
    skipped: list[str] = []
    for row in rows:
        iso, region = row.get("iso", "").strip().upper(), row.get("region", "").strip()
        if region not in regions:
            skipped.append(f"{iso} ({row.get('name', '')}): region {region!r} has no conferences")
            continue
        if iso not in known:
            skipped.append(f"{iso} ({row.get('name', '')}): not in the gazetteer's countries")
            continue
        current = existing.get(iso)
        if current and current.region == region and current.valid_until == valid_until:
            unchanged += 1
            continue
        OdaCountry.objects.update_or_create(country_id=iso, valid_from=valid_from,
                                            defaults={"region": region, "valid_until": valid_until})
        loaded += 1
    return Loaded(loaded, unchanged, skipped)
