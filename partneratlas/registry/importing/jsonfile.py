"""The JSON that `registry export` writes, read back defensively.

json.loads is fast and safe from entities, but it builds the whole document and recurses
once per level of nesting: a file is first counted for its lists and objects (a few dozen
per partnership in a real export), nesting too deep for the parser is refused, and every
record must have the shape of an export, so that nothing is read as text that is not text.
"""

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from partneratlas.registry.importing.limits import ImportFileError, Limits, number

CONTAINERS_PER_RECORD = 30
_SCALAR = (str, int, float, bool, type(None))
_SCALAR_FIELDS = ("id", "kind", "status", "since", "signed_on", "description", "source", "source_url",
                  "verified_on", "published")
_LIST_FIELDS = ("sdgs", "topics", "working_languages")
_OBJECT_LISTS = {"status_history": "status", "council_resolutions": "date", "actors": "name", "members": ""}


def read_json_records(path: Path, limits: Limits) -> list[dict[str, Any]]:
    """The partnership records of an export file; ImportFileError when it is not one."""
    data = path.read_bytes()
    most = max(limits.rows, 1) * CONTAINERS_PER_RECORD
    if data.count(b"{") + data.count(b"[") > most:
        raise ImportFileError(_("The JSON file holds more lists and objects than an export of %(limit)s "
                                "partnerships would.") % {"limit": number(limits.rows)})
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError as exc:
        raise ImportFileError(_("The JSON file is nested too deeply to be a PartnerAtlas export.")) from exc
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: also a number of thousands of digits
        raise ImportFileError(_("The JSON file is malformed: %(error)s") % {"error": exc}) from exc
    records = document.get("partnerships") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError(_("The JSON file holds no list of partnerships."))
    if len(records) > limits.rows:
        raise limits.too_many_rows()
    for position, record in enumerate(records, start=1):
        _check(position, record)
    return records


def _check(position: int, record: dict[str, Any]) -> None:
    def wrong(name: str, expected: str) -> ImportFileError:
        return ImportFileError(_("Partnership %(number)s in the JSON file: “%(field)s” should be %(expected)s.")
                               % {"number": position, "field": name, "expected": expected})

    for name in _SCALAR_FIELDS:
        if not isinstance(record.get(name), _SCALAR):
            raise wrong(name, _("text or a number"))
    for name in _LIST_FIELDS:
        values = record.get(name)
        if values is None:
            continue
        if not isinstance(values, list):
            raise wrong(name, _("a list"))
        if not all(isinstance(value, _SCALAR) for value in values):
            raise wrong(name, _("a list of texts or numbers"))
    needs = {"status": _("a list of objects with a status"), "date": _("a list of objects with a date"),
             "name": _("a list of objects with a name")}
    for name, required in _OBJECT_LISTS.items():
        values = record.get(name)
        if values is None:
            continue
        if not isinstance(values, list):
            raise wrong(name, _("a list"))
        if not all(isinstance(value, dict) for value in values):
            raise wrong(name, _("a list of objects"))
        if not all(isinstance(part, _SCALAR) for value in values for part in value.values()):
            raise wrong(name, _("a list of objects with text or numbers"))
        if required and not all(value.get(required) not in (None, "") for value in values):
            raise wrong(name, needs[required])
