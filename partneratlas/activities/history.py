"""An activity's history: how its stored state reads back, reads to a person, and is restored."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.activities.models import ACTOR_KINDS, Activity, ActivityKind, Direction, Media, Visibility
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author, Line, RecordKind, State
from partneratlas.i18n import language_name


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value or None


class ActivityRecord(RecordKind):
    name = "activity"

    def decode(self, state: State) -> State:
        return {**state, "date": _date(state.get("date")), "end_date": _date(state.get("end_date")),
                "actors": [tuple(a) for a in state.get("actors", [])],
                "attachments": [tuple(a) for a in state.get("attachments", [])]}

    def lines(self, state: State) -> list[Line]:
        kinds = {k.pk: k.name for k in ActivityKind.objects.all()}
        ids = {int(m) for m in state.get("participants", {})} | {state.get("side_id") or 0}
        places = {m.id: m.display_name for m in Municipality.objects.filter(id__in=ids)}
        actor_kinds = dict(ACTOR_KINDS)
        yes_no = {True: _("yes"), False: _("no")}
        media = dict(Media.choices)

        def actor(kind: str, name: str) -> str:
            label = str(actor_kinds.get(kind, kind))
            return f"{name} ({label})" if name else label

        def attachment(a: Any) -> str:
            name, kind, credit, licence, consent = a
            details = ", ".join(p for p in (str(media.get(kind, kind)), credit, licence) if p)
            return f"{name} ({details}{'' if consent or kind != Media.IMAGE else ', ' + _('without consent')})"

        return [
            Line(_("Kind of activity"), kinds.get(state.get("kind_id"), "")),  # type: ignore[arg-type]
            Line(_("Date"), str(state.get("date") or "")),
            Line(_("End date"), str(state.get("end_date") or "")),
            Line(_("Direction"), str(dict(Direction.choices).get(state.get("direction", ""), ""))),
            Line(_("Title"), state.get("title", "")),
            Line(_("Note"), state.get("note", "")),
            Line(_("Logged by"), places.get(state.get("side_id") or 0, "")),
            Line(_("Participants"), "; ".join(f"{places.get(int(m), m)}: {n}"
                                              for m, n in state.get("participants", {}).items())),
            Line(_("Young people took part"), str(yes_no[bool(state.get("youth"))])),
            Line(_("Number of young people"), str(state.get("young_people") or "")),
            Line(_("Languages used"), ", ".join(language_name(c) for c in state.get("languages", []))),
            Line(_("Actors involved"), "; ".join(actor(k, n) for k, n in state.get("actors", []))),
            Line(_("Visibility"), str(dict(Visibility.choices).get(state.get("visibility", ""), ""))),
            Line(_("Photos and documents"), "; ".join(attachment(a) for a in state.get("attachments", []))),
            Line(_("Deleted"), str(yes_no[True]) if state.get("deleted") else ""),
        ]

    def references(self, object_ids: Iterable[int]) -> dict[int, str]:
        ids = list(object_ids)
        found: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            found.update((pk, f"{day.isoformat()} {title}") for pk, day, title in Activity.objects.filter(
                id__in=ids[start:start + 500]).values_list("id", "date", "title"))
        return found

    def restore(self, *, object_id: int, state: State, author: Author) -> None:
        from partneratlas.activities.services import activity_restore

        activity_restore(activity_id=object_id, state=state, author=author, today=timezone.localdate())
