"""Saving from the editor: through registry.services, checked against the version the editor started from.

A partnership's history is its revisions (registry.models.Revision); each keeps the whole
state after a save, so any two can be compared and any one restored. Contact persons are
personal data and are not kept in the history.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.atlas.presenting import language_name
from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.models import (
    ActorKind,
    ContactPerson,
    Partnership,
    PartnershipKind,
    Revision,
    Status,
    SustainableDevelopmentGoal,
    Topic,
)
from partneratlas.registry.services import (
    ActorEntry,
    Author,
    PartnershipData,
    Snapshot,
    changes,
    partnerships_save,
    snapshots,
)


class EditConflict(Exception):
    """Someone else saved the partnership after the editor opened it."""

    def __init__(self, current: Snapshot) -> None:
        super().__init__(current.uid)
        self.current = current


def snapshot_of(partnership: Partnership) -> Snapshot:
    return snapshots([partnership])[partnership.id]


def author_of(user: AbstractBaseUser, via: str = "edit") -> Author:
    return Author(via, user=user)


@transaction.atomic
def partnership_save(*, data: PartnershipData, snapshot: Snapshot | None, started_from: int | None,
                     actors_sides: set[int] | None, contacts: list[dict[str, Any]] | None, user: Any,
                     via: str = "edit") -> str:
    """Save the editor's data; raises EditConflict if the stored version moved on since `started_from`.

    `actors_sides` limits which members' actors the data replaces (a partner-side editor
    changes only their own side's); None means all. Contacts are replaced for the same sides.
    """
    if snapshot is not None:
        stored = Partnership.objects.select_for_update().get(pk=snapshot.id)
        current = snapshot_of(stored)
        if started_from is not None and stored.version != started_from:
            raise EditConflict(current)
        if actors_sides is not None and data.actors is not None:
            kept = [a for a in current.values["actors"] if a[3] not in actors_sides]  # type: ignore[attr-defined]
            data.actors = kept + [a for a in data.actors if a[3] in actors_sides]
        snapshot = current
    if snapshot is not None and not changes(snapshot, data):
        uid = snapshot.uid  # nothing to record: no new version
    else:
        uid = partnerships_save(items=[(snapshot, data)], author=Author(via, user=user))[0]
    if contacts is not None:
        partnership = Partnership.objects.get(uid=uid)
        existing = partnership.contacts.all()
        if actors_sides is not None:
            existing = existing.filter(municipality_id__in=actors_sides)
        existing.delete()
        ContactPerson.objects.bulk_create([ContactPerson(partnership=partnership, **c) for c in contacts])
    return str(uid)


def data_from_state(state: dict[str, Any], member_ids: list[int]) -> PartnershipData:
    """A revision's state as data to save again (revert)."""
    def date(value: Any) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value or None

    return PartnershipData(
        member_ids=member_ids, kind_id=state["kind_id"], status=state["status"],
        status_history=[(s, y, date(d)) for s, y, d in state["status_history"]],
        start_year=state["start_year"], signed_on=date(state["signed_on"]), description=state["description"],
        sdgs=list(state["sdgs"]), topic_ids=list(state["topic_ids"]),
        working_languages=list(state["working_languages"]),
        council_resolutions=[(date(d), r) for d, r in state["council_resolutions"]],  # type: ignore[misc]
        actors=[tuple(a) for a in state.get("actors", [])],
        source=state["source"], source_url=state["source_url"], verified_on=date(state["verified_on"]),
        published=state.get("published", True), internal_notes=state.get("internal_notes", ""))


def revert(revision: Revision, user: Any) -> str:
    """Restore a revision's state as a new revision (the history keeps both)."""
    state = revision.state
    existing = set(Municipality.objects.filter(id__in=state["member_ids"]).values_list("id", flat=True))
    data = data_from_state(state, [m for m in state["member_ids"] if m in existing])
    data.actors = [a for a in data.actors or [] if a[3] is None or a[3] in existing]
    return partnership_save(data=data, snapshot=snapshot_of(revision.partnership), started_from=None,
                            actors_sides=None, contacts=None, user=user, via="revert")


@dataclass
class Line:
    label: str
    text: str


class Describer:
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

    def lines(self, state: dict[str, Any]) -> list[Line]:
        def actor(a: list[Any] | ActorEntry) -> str:
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

    def diff(self, before: dict[str, Any] | None, after: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(label, before, after) for every line that differs; everything for the first revision."""
        old = {line.label: line.text for line in self.lines(before)} if before else {}
        return [(line.label, old.get(line.label, ""), line.text) for line in self.lines(after)
                if old.get(line.label, "") != line.text]


def today() -> datetime.date:
    return timezone.localdate()
