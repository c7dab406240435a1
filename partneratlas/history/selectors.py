"""Reads of the history: a record's versions with their changes in words, a person's own changes."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.history.kinds import State, kind_of
from partneratlas.history.models import Revision

Change = tuple[str, str, str]  # label, before, after


@dataclass
class Entry:
    revision: Revision
    who: str  # the author in words; empty when nobody but a process saved
    how: str  # edited, imported, restored …
    changes: list[Change]
    restore_url: str = ""  # set by the page when the reader may restore this version


def who(revision: Revision) -> str:
    if revision.user is not None:
        return str(revision.user.get_full_name() or revision.user.email or revision.user.get_username())
    if revision.user_deleted:
        return _("deleted account")
    return revision.author


def state_of(revision: Revision) -> State:
    return kind_of(revision.kind).decode(revision.state)


def diff(kind: str, before: State | None, after: State) -> list[Change]:
    """(label, before, after) for every line that differs; every line with text for the first version."""
    record = kind_of(kind)
    old = {line.label: line.text for line in record.lines(before)} if before is not None else {}
    return [(line.label, old.get(line.label, ""), line.text) for line in record.lines(after)
            if old.get(line.label, "") != line.text]


def revisions_of(*, kind: str, object_id: int) -> list[Revision]:
    return list(Revision.objects.filter(kind=kind, object_id=object_id).select_related("user").order_by("-version"))


def revision_of(*, kind: str, object_id: int, version: int) -> Revision | None:
    return Revision.objects.filter(kind=kind, object_id=object_id, version=version).first()


def history_of(*, kind: str, object_id: int) -> list[Entry]:
    """Every version of a record, newest first, each with what it changed against the one before."""
    revisions = revisions_of(kind=kind, object_id=object_id)
    states = [state_of(r) for r in revisions]
    labels = dict(Revision._meta.get_field("via").choices or [])
    return [Entry(r, who(r), str(labels.get(r.via, r.via)),
                  diff(kind, states[i + 1] if i + 1 < len(revisions) else None, states[i]))
            for i, r in enumerate(revisions)]


def revisions_by(user: Any) -> list[dict[str, Any]]:
    """A person's own changes, for their data download: which record, which version, when, how."""
    rows = list(Revision.objects.filter(user=user).order_by("at", "id").values("kind", "object_id", "version", "at",
                                                                                 "via"))
    references: dict[str, dict[int, str]] = {}
    for kind in {row["kind"] for row in rows}:
        references[kind] = kind_of(kind).references({row["object_id"] for row in rows if row["kind"] == kind})
    return [{"record": row["kind"], "reference": references[row["kind"]].get(row["object_id"], ""),
             "version": row["version"], "at": row["at"], "via": row["via"]} for row in rows]
