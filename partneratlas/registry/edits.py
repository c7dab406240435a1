"""Saving one partnership as a person edits it: the rules of a save, edit conflicts, contacts, restoring.

The editor's form, the partner side's form, "still correct" and a restored version all
save here; the bulk work is `services.partnerships_save`. Contact persons are personal
data and are not kept in the history.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.registry.models import ContactPerson, Partnership
from partneratlas.registry.services import PartnershipData, Snapshot, changes, partnerships_save, snapshots


class EditConflict(Exception):
    """Someone else saved the partnership after the editor opened it."""

    def __init__(self, current: Snapshot) -> None:
        super().__init__(current.uid)
        self.current = current


class EditRefused(Exception):
    """A rule of saving is broken; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def snapshot_of(partnership: Partnership) -> Snapshot:
    return snapshots([partnership])[partnership.id]


@transaction.atomic
def partnership_edit(*, data: PartnershipData, partnership: Partnership | None, started_from: int | None,
                     own: frozenset[int] | None, sides: set[int] | None, contacts: list[dict[str, Any]] | None,
                     author: Author) -> str:
    """Save what a person changed in one partnership; returns its id.

    Rules: with `own` (the municipalities the person edits; None for the agency), one member
    must be among them (EditRefused). With `started_from`, the stored version must still be
    that one (EditConflict with the current state). With `sides` (a partner side's editor),
    only the actors and contacts of those members are replaced; None replaces all.
    Side effects: a new version with its revision when something changed (history);
    the contact persons of the sides are replaced when `contacts` is given.
    """
    if own is not None and data.member_ids and not set(data.member_ids) & own:
        raise EditRefused("members", _("One of the members must be your own municipality."))
    snapshot = None
    if partnership is not None:
        stored = Partnership.objects.select_for_update().get(pk=partnership.pk)
        snapshot = snapshot_of(stored)
        if started_from is not None and stored.version != started_from:
            raise EditConflict(snapshot)
        if sides is not None and data.actors is not None:
            kept = [a for a in snapshot.values["actors"] if a[3] not in sides]  # type: ignore[attr-defined]
            data.actors = kept + [a for a in data.actors if a[3] in sides]
    if snapshot is not None and not changes(snapshot, data):
        uid = snapshot.uid  # nothing to record: no new version
    else:
        uid = partnerships_save(items=[(snapshot, data)], author=author)[0]
    if contacts is not None:
        saved = Partnership.objects.get(uid=uid)
        existing = saved.contacts.all()
        if sides is not None:
            existing = existing.filter(municipality_id__in=sides)
        existing.delete()
        ContactPerson.objects.bulk_create([ContactPerson(partnership=saved, **c) for c in contacts])
    return str(uid)


def data_from_state(state: dict[str, Any]) -> PartnershipData:
    """A decoded revision state as data that says every field (for restoring it)."""
    return PartnershipData(
        member_ids=list(state["member_ids"]), kind_id=state["kind_id"], status=state["status"],
        status_history=list(state["status_history"]), start_year=state["start_year"], signed_on=state["signed_on"],
        description=state["description"], sdgs=list(state["sdgs"]), topic_ids=list(state["topic_ids"]),
        working_languages=list(state["working_languages"]), council_resolutions=list(state["council_resolutions"]),
        actors=list(state.get("actors", [])), source=state["source"], source_url=state["source_url"],
        verified_on=state["verified_on"], published=state.get("published", True),
        internal_notes=state.get("internal_notes", "")).complete()


@transaction.atomic
def partnership_restore(*, partnership_id: int, state: dict[str, Any], author: Author) -> str:
    """Save an old state again as the newest version; members and actor sides that no longer exist are left out."""
    existing = set(Municipality.objects.filter(id__in=state["member_ids"]).values_list("id", flat=True))
    data = data_from_state(state)
    data.member_ids = [m for m in data.member_ids if m in existing]
    data.actors = [a for a in data.actors or [] if a[3] is None or a[3] in existing]
    partnership = Partnership.objects.get(pk=partnership_id)
    return partnership_edit(data=data, partnership=partnership, started_from=None, own=None, sides=None,
                            contacts=None, author=author)


def partnership_verify(*, partnership: Partnership, author: Author, today: datetime.date) -> str:
    """"Still correct": a new version that only says the record was checked today."""
    data = PartnershipData(member_ids=[m.municipality_id for m in partnership.memberships.all()], verified_on=today)
    return partnership_edit(data=data, partnership=partnership, started_from=None, own=None, sides=None,
                            contacts=None, author=author)
