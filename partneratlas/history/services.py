"""Writes to the history: record saved states, restore one, forget a person, purge what is past keeping."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partneratlas.bulk import insert_rows
from partneratlas.history.kinds import Author, State, kind_of, kinds
from partneratlas.history.models import Revision

_COLUMNS = ["kind", "object_id", "version", "at", "user_id", "user_deleted", "author", "via", "changed", "state"]


def revisions_add(*, kind: str, rows: Sequence[tuple[int, int, list[str], State]], author: Author,
                  at: datetime.datetime | None = None) -> None:
    """Record many saved states at once: (object id, version, changed field names, state after the save).

    Side effects: inserts one revision per row, in the caller's transaction (an import's
    50,000 go in as plain rows, see bulk.py). The state is written as JSON by orjson.
    """
    at = at or timezone.now()
    user_id = author.user.pk if author.user is not None else None
    name = author.name[:200]
    insert_rows(Revision, _COLUMNS, [(kind, object_id, version, at, user_id, False, name, author.via, changed, state)
                                     for object_id, version, changed, state in rows])


def revision_add(*, kind: str, object_id: int, state: State, changed: list[str], author: Author,
                 version: int | None = None) -> int:
    """Record one saved state as the record's next version (or `version`); returns the version.

    The caller holds the record's row lock, so that two saves never take the same number.
    """
    if version is None:
        last = Revision.objects.filter(kind=kind, object_id=object_id).aggregate(v=Max("version"))["v"]
        version = (last or 0) + 1
    revisions_add(kind=kind, rows=[(object_id, version, changed, state)], author=author)
    return version


@transaction.atomic
def revision_restore(*, revision: Revision, author: Author) -> None:
    """Save an old state again as the newest version, through the owning app (the history keeps both)."""
    kind = kind_of(revision.kind)
    kind.restore(object_id=revision.object_id, state=kind.decode(revision.state), author=author)


def user_forget(sender: Any = None, instance: Any = None, **_kwargs: Any) -> int:
    """Before an account is deleted: its revisions stay, saying only that the author's account was deleted."""
    return Revision.objects.filter(user=instance).update(user=None, user_deleted=True)


def purge(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Remove revisions older than `before` of records that no longer exist; returns how many."""
    doomed: list[int] = []
    for kind in kinds():
        rows = Revision.objects.filter(kind=kind.name, at__lt=before).values_list("id", "object_id")
        ids_by_object: dict[int, list[int]] = {}
        for pk, object_id in rows:
            ids_by_object.setdefault(object_id, []).append(pk)
        existing = kind.references(ids_by_object)
        doomed += [pk for object_id, pks in ids_by_object.items() if object_id not in existing for pk in pks]
    if not dry_run:
        for start in range(0, len(doomed), 500):
            Revision.objects.filter(id__in=doomed[start:start + 500]).delete()
    return len(doomed)
