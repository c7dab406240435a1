"""Name badges (Namensschilder) for an edition: one printable PDF with every confirmed participant.

Each badge shows the name, the organisation and the municipality. Where needed, in Latin and in
Chinese script: a name written in Chinese gets its pinyin beside it; a municipality's Chinese name
(from the gazetteer) is added when the edition is held in Chinese or the municipality is in China.
"""

import re
from dataclasses import dataclass

from django.db.models import QuerySet
from pypinyin import lazy_pinyin

from partneratlas.events.models import Edition, Registration
from partneratlas.pdf.render import render_pdf

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Badge:
    name: str
    name_other: str  # the name in the other script ("Wang Xiaoming" beside 王小明), or ""
    organisation: str
    municipality: str
    municipality_other: str
    track: str


def chinese(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def latin_of(name: str) -> str:
    """王小明 → "Wang Xiaoming": the family name (first character) apart from the given name."""
    compact = "".join(name.split())
    if not compact:
        return ""
    family, given = "".join(lazy_pinyin(compact[0])), "".join(lazy_pinyin(compact[1:]))
    return " ".join(part.capitalize() for part in (family, given) if part)


def badge_registrations(edition: Edition) -> QuerySet[Registration]:
    return (Registration.objects.filter(edition=edition, state="confirmed")
            .select_related("municipality", "municipality__country", "track").order_by("name", "pk"))


def badges_of(edition: Edition) -> list[Badge]:
    in_chinese = any(code.lower().startswith("zh") for code in edition.languages or [])
    several = edition.tracks.count() > 1
    badges = []
    for r in badge_registrations(edition):
        place = r.municipality
        place_zh = ""
        if place is not None and (in_chinese or place.country_id == "CN"):
            place_zh = (place.localized_names or {}).get("zh-hans") or (place.localized_names or {}).get("zh") or ""
        badges.append(Badge(
            name=r.name, name_other=latin_of(r.name) if chinese(r.name) else "",
            organisation=r.organisation_name, municipality=place.name if place else "",
            municipality_other=place_zh if place_zh and place_zh != place.name else "",  # type: ignore[union-attr]
            track=r.track.name if several else ""))
    return badges


def badges_pdf(*, edition: Edition, language: str) -> bytes:
    """The edition's badges, eight to an A4 page, headed by the edition's title in `language`."""
    return render_pdf(template="events/documents/badges_pdf.html",
                      context={"edition": edition, "badges": badges_of(edition)}, language=language)
