"""Writes to the registry. Every change of a partnership goes through `partnerships_save`.

It takes many partnerships at once so that a 50,000-row import costs a handful of bulk
statements, and one at a time (a list of one) for the demo data and, later, the editor.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from partneratlas.bulk import insert_rows
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.history.services import revisions_add
from partneratlas.registry.models import (
    Actor,
    CouncilResolution,
    Membership,
    Partnership,
    StatusChange,
    members_key,
)

__all__ = ["Author", "PartnershipData", "Snapshot", "changes", "partnerships_lock", "partnerships_save", "snapshots"]

HISTORY_KIND = "partnership"
# Fields that may be said to be empty (None); the others are never None once saved.
CLEARABLE = ("start_year", "signed_on", "verified_on")
# PostgreSQL advisory lock of the writers that find partnerships by their members ("PA" "RT").
_LOCK_ID = 0x5041_5254

StatusEntry = tuple[str, int | None, datetime.date | None]  # status, year, exact date
ActorEntry = tuple[str, str, str, int | None]  # name, kind, role, the member municipality it belongs to


@dataclass
class PartnershipData:
    """What a form, an import row or the demo data says about one partnership.

    None means "not said": an import without an SDG column leaves the SDGs as they are.
    A field that is said to be empty is in `cleared` (an import column present but empty,
    an emptied field of the editor's form, a restored version without the value).
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
    actors: list[ActorEntry] | None = None
    source: str | None = None
    source_url: str | None = None
    verified_on: datetime.date | None = None
    published: bool | None = None
    internal_notes: str | None = None
    uid: uuid.UUID | None = None
    cleared: set[str] = field(default_factory=set)

    def given(self) -> dict[str, object]:
        """The fields that were said (a value, or empty), except the members and the id."""
        skip = {"member_ids", "uid", "cleared", "status_since"}
        said = {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in skip and getattr(self, f.name) is not None}
        return said | {name: None for name in self.cleared if name not in said}

    def complete(self) -> "PartnershipData":
        """Say every field: what is None is empty (the editor's whole form, a restored version)."""
        self.cleared |= {name for name in CLEARABLE if getattr(self, name) is None}
        return self


@dataclass
class Snapshot:
    """A partnership as stored, in the same shape as PartnershipData, to compare with."""

    id: int
    uid: uuid.UUID
    member_ids: list[int]
    values: dict[str, object]
    version: int = 1

    def state(self) -> dict[str, object]:
        """Everything about the partnership, as a revision keeps it."""
        return {**self.values, "member_ids": list(self.member_ids)}


_SCALARS = ["kind_id", "status", "start_year", "signed_on", "description", "working_languages",
            "source", "source_url", "verified_on", "published", "internal_notes"]


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
    """Read the stored state of many partnerships in six queries per 500."""
    ids = [p.id for p in partnerships]
    members: dict[int, list[int]] = {i: [] for i in ids}
    sdgs: dict[int, list[int]] = {i: [] for i in ids}
    topics: dict[int, list[int]] = {i: [] for i in ids}
    history: dict[int, list[StatusEntry]] = {i: [] for i in ids}
    resolutions: dict[int, list[tuple[datetime.date, str]]] = {i: [] for i in ids}
    actors: dict[int, list[ActorEntry]] = {i: [] for i in ids}
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
        for pid, *actor in Actor.objects.filter(partnership_id__in=chunk).order_by(
                "partnership_id", "position", "id").values_list("partnership_id", "name", "kind", "role",
                                                                "municipality_id"):
            actors[pid].append(tuple(actor))  # type: ignore[arg-type]
    result = {}
    for p in partnerships:
        values: dict[str, object] = {name: getattr(p, name) for name in _SCALARS}
        values |= {"sdgs": sorted(sdgs[p.id]), "topic_ids": sorted(topics[p.id]),
                   "status_history": history[p.id], "council_resolutions": sorted(resolutions[p.id]),
                   "actors": actors[p.id]}
        result[p.id] = Snapshot(p.id, p.uid, members[p.id], values, p.version)
    return result


_DEFAULTS: dict[str, object] = {"kind_id": None, "status": "active", "start_year": None, "signed_on": None,
                               "description": "", "working_languages": [], "source": "", "source_url": "",
                               "verified_on": None, "published": True, "internal_notes": ""}


def _values(data: PartnershipData, base: dict[str, object], history: list[StatusEntry]) -> dict[str, object]:
    values = dict(base)
    for name in _SCALARS:
        value = getattr(data, name)
        if value is not None or name in data.cleared:
            values[name] = value
    if history:
        values["status"] = history[-1][0]
    return values


@transaction.atomic
def partnerships_save(*, items: Sequence[tuple[Snapshot | None, PartnershipData]],
                      author: Author | None = None) -> list[uuid.UUID]:
    """Create (snapshot None) or update partnerships; returns their ids in the order given.

    Side effects: writes partnerships, their members, status history, council
    resolutions, actors, SDGs and topics. The caller decides what to save (see `changes`);
    everything is one transaction. New partnerships go in as plain rows (see bulk.py).
    Every partnership saved gets a revision with its new state, by `author` (history).
    """
    now = timezone.now()
    new_rows: list[tuple[object, ...]] = []
    created: list[tuple[uuid.UUID, PartnershipData, list[StatusEntry]]] = []
    updated: list[tuple[Partnership, Snapshot, PartnershipData, list[StatusEntry]]] = []
    uids = []
    states: list[tuple[uuid.UUID, int, list[str], dict[str, object]]] = []
    for snapshot, data in items:
        if snapshot is None:
            uid = data.uid or uuid.uuid4()
            history = _history(data, None, [])
            values = _values(data, _DEFAULTS, history)
            new_rows.append((uid, *(values[name] for name in _SCALARS), members_key(data.member_ids), now, now, 1))
            created.append((uid, data, history))
            states.append((uid, 1, ["created"], _after(values, data, None, history)))
        else:
            uid = snapshot.uid
            stored = snapshot.values["status_history"]
            assert isinstance(stored, list)
            history = _history(data, str(snapshot.values["status"]), stored)
            values = _values(data, {n: snapshot.values[n] for n in _SCALARS}, history)
            partnership = Partnership(id=snapshot.id, uid=uid, updated_at=now, version=snapshot.version + 1,
                                      members_key=members_key(data.member_ids or snapshot.member_ids), **values)
            updated.append((partnership, snapshot, data, history))
            states.append((uid, snapshot.version + 1, changes(snapshot, data), _after(values, data, snapshot, history)))
        uids.append(uid)

    before = Partnership.objects.aggregate(last=models.Max("id"))["last"] or 0
    insert_rows(Partnership, ["uid", *_SCALARS, "members_key", "created_at", "updated_at", "version"], new_rows)
    ids = _ids_by_uid([uid for uid, _data, _history in created], after=before)
    if updated:
        Partnership.objects.bulk_update([p for p, _s, _d, _h in updated],
                                        [*_SCALARS, "members_key", "updated_at", "version"], batch_size=2000)
    _write_related([(ids[uid], d, h, None) for uid, d, h in created]
                   + [(p.id, d, h, s) for p, s, d, h in updated], now)
    ids.update({p.uid: p.id for p, _s, _d, _h in updated})
    revisions_add(kind=HISTORY_KIND, author=author or Author("import"), at=now,
                  rows=[(ids[uid], version, changed, state) for uid, version, changed, state in states])
    return uids


def partnerships_lock() -> None:
    """Serialise the writers that find partnerships by their members (imports), inside their transaction.

    Between looking up which partnerships exist and writing the new ones, no other such
    writer may run, or two imports of one file would both create every row. PostgreSQL:
    a transaction-level advisory lock. SQLite: every transaction begins IMMEDIATE (see
    settings), so the transaction already holds the database's only write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])


def _after(values: dict[str, object], data: PartnershipData, snapshot: Snapshot | None,
           history: list[StatusEntry]) -> dict[str, object]:
    """The state a partnership will have after the save, without reading it back."""
    before = snapshot.state() if snapshot else {"sdgs": [], "topic_ids": [], "council_resolutions": [], "actors": [],
                                                "member_ids": []}
    state = {**before, **values, "status_history": history}
    for name in ("sdgs", "topic_ids", "council_resolutions", "actors"):
        given = getattr(data, name)
        if given is not None:
            state[name] = _canonical(name, given) if name != "actors" else list(given)
    if data.member_ids:
        state["member_ids"] = list(dict.fromkeys(data.member_ids))
    return state



def _ids_by_uid(uids: list[uuid.UUID], *, after: int) -> dict[uuid.UUID, int]:
    """The ids the database gave the partnerships just inserted (all have ids above `after`).

    Rows other transactions inserted meanwhile (PostgreSQL) are among the answer and left out.
    """
    if not uids:
        return {}
    wanted = {uid.hex: uid for uid in uids}
    table = connection.ops.quote_name(Partnership._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, uid FROM {table} WHERE id > %s", [after])
        found = {(value.hex if isinstance(value, uuid.UUID) else value.replace("-", "")): pid
                 for pid, value in cursor.fetchall()}
    return {uid: found[hexed] for hexed, uid in wanted.items()}


def _write_related(
    items: list[tuple[int, PartnershipData, list[StatusEntry], Snapshot | None]], now: datetime.datetime,
) -> None:
    """Members, history, resolutions, actors, SDGs and topics: replaced where the data says them."""
    members: list[tuple[int, int, int]] = []
    history: list[tuple[int, str, int | None, datetime.date | None, datetime.datetime]] = []
    resolutions: list[tuple[int, datetime.date, str]] = []
    actors: list[tuple[int, int, str, str, str, int | None]] = []
    sdgs: list[tuple[int, int]] = []
    topics: list[tuple[int, int]] = []
    drop: dict[str, list[int]] = {"members": [], "history": [], "resolutions": [], "actors": [], "sdgs": [],
                                  "topics": []}
    for pid, data, new_history, snapshot in items:
        existing = snapshot is not None
        stored_history = snapshot.values["status_history"] if snapshot else []
        if snapshot is None or sorted(snapshot.member_ids) != sorted(data.member_ids):
            drop["members"] += [pid] if existing else []
            members += [(pid, m, i) for i, m in enumerate(dict.fromkeys(data.member_ids))]
        if new_history != stored_history:
            drop["history"] += [pid] if existing else []
            history += [(pid, s, y, d, now) for s, y, d in new_history]
        if data.council_resolutions is not None:
            drop["resolutions"] += [pid] if existing else []
            resolutions += [(pid, d, r) for d, r in data.council_resolutions]
        if data.actors is not None and (snapshot is None or data.actors != snapshot.values["actors"]):
            drop["actors"] += [pid] if existing else []
            actors += [(pid, i, *actor) for i, actor in enumerate(data.actors)]
        if data.sdgs is not None:
            drop["sdgs"] += [pid] if existing else []
            sdgs += [(pid, n) for n in sorted(set(data.sdgs))]
        if data.topic_ids is not None:
            drop["topics"] += [pid] if existing else []
            topics += [(pid, t) for t in sorted(set(data.topic_ids))]
    sdg_through, topic_through = Partnership.sdgs.through, Partnership.topics.through
    for start in range(0, len(drop["members"]), 500):
        Membership.objects.filter(partnership_id__in=drop["members"][start:start + 500]).delete()
    _insert_memberships(members)
    tables: list[tuple[type[models.Model], str, list[str], Sequence[Sequence[object]]]] = [
        (StatusChange, "history", ["partnership_id", "status", "year", "date", "recorded_at"], history),
        (CouncilResolution, "resolutions", ["partnership_id", "date", "reference"], resolutions),
        (Actor, "actors", ["partnership_id", "position", "name", "kind", "role", "municipality_id"], actors),
        (sdg_through, "sdgs", ["partnership_id", "sustainabledevelopmentgoal_id"], sdgs),
        (topic_through, "topics", ["partnership_id", "topic_id"], topics),
    ]
    for model, name, columns, rows in tables:
        dropped = drop[name]
        for start in range(0, len(dropped), 500):
            model._default_manager.filter(partnership_id__in=dropped[start:start + 500]).delete()
        insert_rows(model, columns, rows)


def _insert_memberships(rows: list[tuple[int, int, int]]) -> None:
    """Insert (partnership, municipality, position) rows, copying the municipality's country and region."""
    members = sorted({m for _p, m, _pos in rows})
    place: dict[int, tuple[str, int | None]] = {}
    for start in range(0, len(members), 500):
        for mid, country, region in Municipality.objects.filter(id__in=members[start:start + 500]).values_list(
                "id", "country_id", "region_id"):
            place[mid] = (country, region)
    insert_rows(Membership, ["partnership_id", "municipality_id", "position", "country_id", "region_id"],
                [(p, m, pos, *place[m]) for p, m, pos in rows])


def memberships_refresh_places(**_kwargs: object) -> None:
    """Copy every member's current country and region onto its memberships (after a gazetteer reload)."""
    Membership.objects.update(
        country_id=Subquery(Municipality.objects.filter(id=OuterRef("municipality_id")).values("country_id")),
        region_id=Subquery(Municipality.objects.filter(id=OuterRef("municipality_id")).values("region_id")),
    )
