"""A municipality's history: how its stored record reads back, reads to a person, and is restored."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author, Line, RecordKind, State


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


class MunicipalityRecord(RecordKind):
    name = "municipality"

    def decode(self, state: State) -> State:
        verified = state.get("verified_on")
        day = datetime.date.fromisoformat(verified) if isinstance(verified, str) and verified else verified
        return {**state, "verified_on": day}

    def lines(self, state: State) -> list[Line]:
        labels = [("localized_names", _("Names by language")), ("alternative_names", _("Other names and spellings")),
                  ("population", _("Population")), ("latitude", _("Latitude")), ("longitude", _("Longitude")),
                  ("ags", _("AGS (official municipality key)")), ("wikidata_qid", _("Wikidata QID")),
                  ("source", _("Source")), ("source_url", _("Source link")), ("verified_on", _("last verified"))]
        return [Line(str(label), _show(state.get(name))) for name, label in labels]

    def references(self, object_ids: Iterable[int]) -> dict[int, str]:
        ids = list(object_ids)
        found: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            found.update(Municipality.objects.filter(id__in=ids[start:start + 500]).values_list("id", "ref"))
        return found

    def restore(self, *, object_id: int, state: State, author: Author) -> None:
        from partneratlas.gazetteer.services import municipality_save

        municipality_save(municipality=Municipality.objects.get(pk=object_id), values=state, author=author)
