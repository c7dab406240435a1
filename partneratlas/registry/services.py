"""Writes to the registry. Every change of a partnership goes through `partnerships_save`.

It takes many partnerships at once so that a 50,000-row import costs a handful of bulk
statements, and one at a time (a list of one) for the demo data and, later, the editor.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.db import transaction

from partneratlas.registry.models import (
    CouncilResolution,
    Membership,
    Partnership,
    StatusChange,
    members_key,
)

StatusEntry = tuple[str, int | None, datetime.date | None]  # status, year, exact date


@dataclass
class PartnershipData:
    """What a form, an import row or the demo data says about one partnership.

    None means "not said": an import without an SDG column leaves the SDGs as they are.
    """

    member_ids: list[int]
    kind_id: int | None = None
    status: str | None = None
    status_since: tuple[int | None, datetime.date | None] | None = None
    status_history: list[StatusEntry] | None = None
    start_year: int | None = None
    signed_on: datetime.date | None = None
    description: str | None = None
    sdgs: list[int] | None = None
    topic_ids: list[int] | None = None
    working_languages: list[str] | None = None
    council_resolutions: list[tuple[datetime.date, str]] | None = None
    source: str | None = None
    source_url: str | None = None
    verified_on: datetime.date | None = None
    uid: uuid.UUID | None = None
    _explicit: set[str] = field(default_factory=set, repr=False)

    def given(self) -> dict[str, object]:
        """The fields that were said (not None), except the members and the id."""
        skip = {"member_ids", "uid", "_explicit", "status_since"}
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in skip and getattr(self, f.name) is not None}


@dataclass
class Snapshot:
    """A partnership as stored, in the same shape as PartnershipData, to compare with."""

    id: int
    uid: uuid.UUID
    member_ids: list[int]
    values: dict[str, object]


_SCALARS = ["kind_id", "status", "start_year", "signed_on", "description", "working_languages",
            "source", "source_url", "verified_on"]


def _history(data: PartnershipData, current: str | None, stored: list[StatusEntry]) -> list[StatusEntry]:
    """The status history after applying data to a partnership whose history is `stored`."""
    if data.status_history is not None:
        return list(data.status_history)
    if data.status is None or data.status == current:
        return stored
    year, date = data.status_since or (None, None)
    if not stored and year is None and date is None:
        year = data.start_year
    return [*stored, (data.status, year, date)]


def changes(snapshot: Snapshot | None, data: PartnershipData) -> list[str]:
    """The names of the fields that saving `data` over `snapshot` would change."""
    if snapshot is None:
        return ["created"]
    given = data.given()
    changed = [name for name, value in given.items()
               if name not in {"status_history", "status"} and snapshot.values.get(name) != _canonical(name, value)]
    stored_history = snapshot.values["status_history"]
    assert isinstance(stored_history, list)
    new_history = _history(data, str(snapshot.values["status"]), stored_history)
    if new_history != stored_history:
        changed.append("status")
    if sorted(data.member_ids) != sorted(snapshot.member_ids):
        changed.append("members")
    return changed


def _canonical(name: str, value: object) -> object:
    if name in {"sdgs", "topic_ids"} and isinstance(value, list):
        return sorted(set(value))
    if name == "council_resolutions" and isinstance(value, list):
        return sorted(value)
    return value


def snapshots(partnerships: Sequence[Partnership]) -> dict[int, Snapshot]:
    """Read the stored state of many partnerships in five queries."""
    ids = [p.id for p in partnerships]
    members: dict[int, list[int]] = {i: [] for i in ids}
    sdgs: dict[int, list[int]] = {i: [] for i in ids}
    topics: dict[int, list[int]] = {i: [] for i in ids}
    history: dict[int, list[StatusEntry]] = {i: [] for i in ids}
    resolutions: dict[int, list[tuple[datetime.date, str]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for pid, mid in Membership.objects.filter(partnership_id__in=chunk).values_list("partnership_id",
                                                                                       "municipality_id"):
            members[pid].append(mid)
        for pid, number in Partnership.sdgs.through.objects.filter(partnership_id__in=chunk).values_list(
                "partnership_id", "sustainabledevelopmentgoal_id"):
            sdgs[pid].append(number)
        for pid, tid in Partnership.topics.through.objects.filter(partnership_id__in=chunk).values_list(
                "partnership_id", "topic_id"):
            topics[pid].append(tid)
        for pid, status, year, date in StatusChange.objects.filter(partnership_id__in=chunk).order_by(
                "partnership_id", "id").values_list("partnership_id", "status", "year", "date"):
            history[pid].append((status, year, date))
        for pid, date, reference in CouncilResolution.objects.filter(partnership_id__in=chunk).values_list(
                "partnership_id", "date", "reference"):
            resolutions[pid].append((date, reference))
    result = {}
    for p in partnerships:
        values: dict[str, object] = {name: getattr(p, name) for name in _SCALARS}
        values |= {"sdgs": sorted(sdgs[p.id]), "topic_ids": sorted(topics[p.id]),
                   "status_history": history[p.id], "council_resolutions": sorted(resolutions[p.id])}
        result[p.id] = Snapshot(p.id, p.uid, members[p.id], values)
    return result


@transaction.atomic
def partnerships_save(*, items: Sequence[tuple[Snapshot | None, PartnershipData]]) -> list[Partnership]:
    """Create (snapshot None) or update partnerships; returns them in the order given.

    Side effects: writes partnerships, their members, status history, council
    resolutions, SDGs and topics. The caller decides what to save (see `changes`);
    everything is one transaction.
    """
    created: list[tuple[Partnership, PartnershipData, list[StatusEntry]]] = []
    updated: list[tuple[Partnership, Snapshot, PartnershipData, list[StatusEntry]]] = []
    result: list[Partnership] = []
    for snapshot, data in items:
        if snapshot is None:
            history = _history(data, None, [])
            partnership = Partnership(uid=data.uid or uuid.uuid4(), members_key=members_key(data.member_ids))
            _assign(partnership, data, history)
            created.append((partnership, data, history))
        else:
            stored = snapshot.values["status_history"]
            assert isinstance(stored, list)
            history = _history(data, str(snapshot.values["status"]), stored)
            partnership = Partnership(id=snapshot.id, uid=snapshot.uid)
            for name in _SCALARS:
                setattr(partnership, name, snapshot.values[name])
            partnership.members_key = members_key(data.member_ids or snapshot.member_ids)
            _assign(partnership, data, history)
            updated.append((partnership, snapshot, data, history))
        result.append(partnership)

    Partnership.objects.bulk_create([p for p, _, _ in created], batch_size=2000)
    if updated:
        Partnership.objects.bulk_update([p for p, _, _, _ in updated], [*_SCALARS, "members_key", "updated_at"],
                                        batch_size=2000)
    _write_related(
        [(p, d, h, None) for p, d, h in created] + [(p, d, h, s) for p, s, d, h in updated]
    )
    return result


def _assign(partnership: Partnership, data: PartnershipData, history: list[StatusEntry]) -> None:
    for name in _SCALARS:
        value = getattr(data, name)
        if value is not None:
            setattr(partnership, name, value)
    if history:
        partnership.status = history[-1][0]
    if partnership.description is None:
        partnership.description = ""
    for name in ("source", "source_url"):
        if getattr(partnership, name) is None:
            setattr(partnership, name, "")
    if partnership.working_languages is None:
        partnership.working_languages = []
    partnership.updated_at = datetime.datetime.now(datetime.UTC)


def _write_related(
    items: list[tuple[Partnership, PartnershipData, list[StatusEntry], Snapshot | None]],
) -> None:
    """Members, history, resolutions, SDGs and topics: replaced where the data says them."""
    members, history, resolutions, sdgs, topics = [], [], [], [], []
    drop: dict[str, list[int]] = {"members": [], "history": [], "resolutions": [], "sdgs": [], "topics": []}
    sdg_through, topic_through = Partnership.sdgs.through, Partnership.topics.through
    for partnership, data, new_history, snapshot in items:
        pid = partnership.id
        stored_history = snapshot.values["status_history"] if snapshot else []
        existing = snapshot is not None
        if not existing or sorted(snapshot.member_ids) != sorted(data.member_ids):  # type: ignore[union-attr]
            drop["members"] += [pid] if existing else []
            members += [Membership(partnership_id=pid, municipality_id=m, position=i)
                        for i, m in enumerate(dict.fromkeys(data.member_ids))]
        if new_history != stored_history:
            drop["history"] += [pid] if existing else []
            history += [StatusChange(partnership_id=pid, status=s, year=y, date=d) for s, y, d in new_history]
        if data.council_resolutions is not None:
            drop["resolutions"] += [pid] if existing else []
            resolutions += [CouncilResolution(partnership_id=pid, date=d, reference=r)
                            for d, r in data.council_resolutions]
        if data.sdgs is not None:
            drop["sdgs"] += [pid] if existing else []
            sdgs += [sdg_through(partnership_id=pid, sustainabledevelopmentgoal_id=n) for n in sorted(set(data.sdgs))]
        if data.topic_ids is not None:
            drop["topics"] += [pid] if existing else []
            topics += [topic_through(partnership_id=pid, topic_id=t) for t in sorted(set(data.topic_ids))]
    for model, key in ((Membership, "members"), (StatusChange, "history"), (CouncilResolution, "resolutions"),
                       (sdg_through, "sdgs"), (topic_through, "topics")):
        ids = drop[key]
        for start in range(0, len(ids), 500):
            model.objects.filter(partnership_id__in=ids[start:start + 500]).delete()
    Membership.objects.bulk_create(members, batch_size=5000)
    StatusChange.objects.bulk_create(history, batch_size=5000)
    CouncilResolution.objects.bulk_create(resolutions, batch_size=5000)
    sdg_through.objects.bulk_create(sdgs, batch_size=5000)
    topic_through.objects.bulk_create(topics, batch_size=5000)
