"""Registry rows made ready for the page: every code replaced by its name in the reader's language."""

from dataclasses import dataclass
from typing import Any

from partneratlas.gazetteer.models import Country
from partneratlas.i18n import language_name
from partneratlas.registry.models import ActorKind, Status, SustainableDevelopmentGoal, Topic
from partneratlas.registry.selectors import PartnershipRow


@dataclass
class Names:
    """The names of countries, topics, SDGs and statuses, read once per page."""

    countries: dict[str, str]
    topics: dict[str, str]
    sdgs: dict[int, str]

    @classmethod
    def load(cls) -> "Names":
        return cls(
            countries={c.code: c.name for c in Country.objects.all()},
            topics={t.code: t.name for t in Topic.objects.all()},
            sdgs={s.number: s.name for s in SustainableDevelopmentGoal.objects.all()},
        )


def present(rows: list[PartnershipRow], names: Names) -> list[dict[str, Any]]:
    statuses = dict(Status.choices)
    actor_kinds = dict(ActorKind.choices)
    return [{
        "row": row,
        "uid": row.uid,
        "kind": row.kind_name,
        "status": statuses.get(row.status, row.status),
        "status_code": row.status,
        "members": [{"member": m, "country": names.countries.get(m.country, m.country)} for m in row.members],
        "topics": [names.topics.get(t, t) for t in row.topics],
        "sdgs": [(n, names.sdgs.get(n, "")) for n in row.sdgs],
        "history": [(statuses.get(s, s), year, date) for s, year, date in row.status_history],
        "languages": [language_name(code) for code in row.working_languages],
        "actors": [{"name": a.name, "kind": actor_kinds.get(a.kind, a.kind), "role": a.role,
                    "side": next((m.display_name for m in row.members if m.ref == a.member_ref), "")}
                   for a in row.actors],
    } for row in rows]


def partners_of(item: dict[str, Any], municipality_id: int) -> list[dict[str, Any]]:
    """The other members of a presented partnership, seen from one of its members."""
    return [m for m in item["members"] if m["member"].id != municipality_id]
