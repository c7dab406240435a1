"""A partnership's history: how its stored state reads back, reads to a person, and is restored."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author, Line, RecordKind, State
from partneratlas.i18n import language_name
from partneratlas.registry.models import (
    ActorKind,
    Partnership,
    PartnershipKind,
    Status,
    SustainableDevelopmentGoal,
    Topic,
)


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value or None


class PartnershipRecord(RecordKind):
    name = "partnership"

    def decode(self, state: State) -> State:
        """Dates and tuples back from JSON; states from before a field existed get its empty value."""
        return {
            **state,
            "status_history": [(s, y, _date(d)) for s, y, d in state.get("status_history", [])],
            "signed_on": _date(state.get("signed_on")), "verified_on": _date(state.get("verified_on")),
            "council_resolutions": [(_date(d), r) for d, r in state.get("council_resolutions", [])],
            "actors": [tuple(a) for a in state.get("actors", [])],
            "published": state.get("published", True), "internal_notes": state.get("internal_notes", ""),
        }

    def lines(self, state: State) -> list[Line]:
        return _Describer().lines(state)

    def references(self, object_ids: Iterable[int]) -> dict[int, str]:
        ids = list(object_ids)
        found: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            found.update((pk, str(uid)) for pk, uid in Partnership.objects.filter(
                id__in=ids[start:start + 500]).values_list("id", "uid"))
        return found

    def restore(self, *, object_id: int, state: State, author: Author) -> None:
        from partneratlas.registry.edits import partnership_restore

        partnership_restore(partnership_id=object_id, state=state, author=author)


class _Describer:
    """A state in words, in the reader's language: for the history and the conflict page."""

    def __init__(self) -> None:
        self.kinds = {k.pk: k.name for k in PartnershipKind.objects.all()}
        self.topics = {t.pk: t.name for t in Topic.objects.all()}
        self.sdgs = {s.number: f"{s.number}. {s.name}" for s in SustainableDevelopmentGoal.objects.all()}
        self.statuses = dict(Status.choices)
        self.actor_kinds = dict(ActorKind.choices)
        self.places: dict[int, str] = {}

    def _place(self, mid: int | None) -> str:
        if mid is None:
            return ""
        if mid not in self.places:
            found = Municipality.objects.filter(id=mid).first()
            self.places[mid] = found.display_name if found else f"#{mid}"
        return self.places[mid]

    def lines(self, state: State) -> list[Line]:
        def actor(a: Iterable[Any]) -> str:
            name, kind, role, side = a
            details = ", ".join(p for p in (str(self.actor_kinds.get(kind, kind)), role, self._place(side)) if p)
            return f"{name} ({details})"

        yes_no = {True: _("yes"), False: _("no")}
        return [
            Line(_("Members"), ", ".join(self._place(m) for m in state.get("member_ids", []))),
            Line(_("Kind of partnership"), self.kinds.get(state.get("kind_id"), "")),  # type: ignore[arg-type]
            Line(_("Status history"), "; ".join(f"{d or y}: {self.statuses.get(s, s)}" if d or y
                                                else str(self.statuses.get(s, s))
                                                for s, y, d in state.get("status_history", []))),
            Line(_("Since (year)"), str(state.get("start_year") or "")),
            Line(_("Signed on"), str(state.get("signed_on") or "")),
            Line(_("Council resolutions"), "; ".join(f"{d} {r}".strip()
                                                     for d, r in state.get("council_resolutions", []))),
            Line(_("Themes"), ", ".join(self.topics.get(t, str(t)) for t in state.get("topic_ids", []))),
            Line(_("Sustainable Development Goals"),
                 ", ".join(self.sdgs.get(n, str(n)) for n in state.get("sdgs", []))),
            Line(_("Working languages"), ", ".join(language_name(c) for c in state.get("working_languages", []))),
            Line(_("Actors"), "; ".join(actor(a) for a in state.get("actors", []))),
            Line(_("Description"), state.get("description", "")),
            Line(_("Internal notes"), state.get("internal_notes", "")),
            Line(_("Source"), " ".join(p for p in (state.get("source"), state.get("source_url")) if p)),
            Line(_("Last verified"), str(state.get("verified_on") or "")),
            Line(_("Published"), str(yes_no[bool(state.get("published", True))])),
        ]
