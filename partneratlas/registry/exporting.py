"""Export a selection of partnerships as CSV, XLSX, GeoJSON or JSON.

Every format carries what `registry import` needs to rebuild the same registry in an
empty database: the PartnerAtlas id, each member's gazetteer reference, the status
history, council resolutions and actors; the operator's export (`registry export`) also
whether each partnership is published. It is no backup: contacts, internal notes,
history and accounts are not in it (docs/operations.md).

CSV and XLSX cells that a spreadsheet would run as a formula are neutralised (cells.py),
and the import takes them back exactly.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet

from partneratlas.cells import neutralise, xlsx_cell
from partneratlas.registry.importing.columns import FIELDS, member_header
from partneratlas.registry.importing.parsing import escape_actor_text
from partneratlas.registry.models import Partnership
from partneratlas.registry.selectors import PartnershipRow, partnership_rows

FORMATS = ("csv", "xlsx", "geojson", "json")
_CHUNK = 2000


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def record(row: PartnershipRow, *, published: bool | None = None) -> dict[str, Any]:
    """One partnership as a JSON object (the JSON export and the source of the flat formats).

    `published` is added when given: the operator's export carries it, the public one not.
    """
    item = {
        "id": row.uid,
        "kind": row.kind,
        "status": row.status,
        "status_history": [{"status": s, "year": y, "date": _date(d)} for s, y, d in row.status_history],
        "since": row.start_year,
        "signed_on": _date(row.signed_on),
        "council_resolutions": [{"date": _date(d), "reference": r} for d, r in row.council_resolutions],
        "actors": [{"name": a.name, "kind": a.kind, "role": a.role, "member": a.member_ref or None}
                   for a in row.actors],
        "sdgs": row.sdgs,
        "topics": row.topics,
        "working_languages": row.working_languages,
        "description": row.description,
        "source": row.source,
        "source_url": row.source_url,
        "verified_on": _date(row.verified_on),
        "members": [
            {"name": m.name, "country": m.country, "region": m.region, "ref": m.ref, "kind": m.kind,
             "latitude": m.latitude, "longitude": m.longitude}
            for m in row.members
        ],
    }
    if published is not None:
        item["published"] = published
    return item


def flatten(item: dict[str, Any]) -> dict[str, str]:
    """A JSON record as a row with the canonical column names (CSV, XLSX, JSON import)."""
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    history = "; ".join(f"{h.get('date') or h.get('year') or ''} {text(h.get('status'))}".strip()
                        for h in item.get("status_history") or [])
    resolutions = "; ".join(f"{text(r.get('date'))} {text(r.get('reference'))}".strip()
                            for r in item.get("council_resolutions") or [])
    actors = "; ".join(f"{escape_actor_text(text(a.get('name')))} ({_actor_details(a)})"
                       for a in item.get("actors") or [])
    flat = {
        "id": text(item.get("id")),
        "kind": text(item.get("kind")),
        "status": text(item.get("status")),
        "status history": history,
        "since": text(item.get("since")),
        "signed on": text(item.get("signed_on")),
        "council resolutions": resolutions,
        "actors": actors,
        "sdgs": "; ".join(text(n) for n in item.get("sdgs") or []),
        "topics": "; ".join(text(t) for t in item.get("topics") or []),
        "working languages": "; ".join(text(w) for w in item.get("working_languages") or []),
        "description": text(item.get("description")),
        "source": text(item.get("source")),
        "source url": text(item.get("source_url")),
        "verified on": text(item.get("verified_on")),
    }
    if "published" in item:
        flag = item["published"]
        flat["published"] = "yes" if flag is True else "no" if flag is False else text(flag)
    for number, member in enumerate(item.get("members") or [], start=1):
        for part, name in (("", "name"), ("country", "country"), ("region", "region"), ("ref", "ref")):
            flat[member_header(number, part)] = text(member.get(name))
    return flat


def _actor_details(actor: dict[str, Any]) -> str:
    """"kind; role; member" without trailing blanks, as the importer reads it back."""
    parts = [str(actor.get("kind") or "other"), escape_actor_text(str(actor.get("role") or "")),
             str(actor.get("member") or "")]
    while parts[-1] == "":
        parts.pop()
    return "; ".join(parts)


def headers(most_members: int, *, published: bool = False) -> list[str]:
    members = [member_header(n, part) for n in range(1, max(most_members, 2) + 1)
               for part in ("", "country", "region", "ref")]
    return ["id", *members, *(name for name in FIELDS[1:] if published or name != "published")]


def _rows(partnerships: QuerySet[Partnership]) -> Iterator[PartnershipRow]:
    ids = list(partnerships.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), _CHUNK):
        yield from partnership_rows(ids[start:start + _CHUNK])


def export(partnerships: QuerySet[Partnership], fmt: str, out: IO[bytes], *, published: bool = False) -> int:
    """Write the selection to `out` in the format; returns how many partnerships were written.

    With `published`, every record says whether the partnership is published (the
    operator's export, which includes unpublished ones); the public download leaves it out.
    """
    hidden = set(partnerships.filter(published=False).values_list("id", flat=True)) if published else set()
    records = [record(row, published=row.id not in hidden if published else None) for row in _rows(partnerships)]
    if fmt == "json":
        out.write(json.dumps({"partnerships": records}, ensure_ascii=False, indent=1).encode())
    elif fmt == "geojson":
        out.write(json.dumps(_geojson(records), ensure_ascii=False).encode())
    elif fmt in ("csv", "xlsx"):
        most = max((len(r["members"]) for r in records), default=2)
        columns = headers(most, published=published)
        flat = [flatten(r) for r in records]
        if fmt == "csv":
            text = io.StringIO(newline="")
            writer = csv.writer(text, delimiter=";")
            writer.writerow(columns)
            writer.writerows([[neutralise(f.get(c, "")) for c in columns] for f in flat])
            out.write(text.getvalue().encode("utf-8-sig"))
        else:
            _xlsx(columns, flat, out)
    else:
        raise ValueError(fmt)
    return len(records)


def _geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for item in records:
        points = [[m["longitude"], m["latitude"]] for m in item["members"]
                  if m["latitude"] is not None and m["longitude"] is not None]
        features.append({
            "type": "Feature",
            "id": item["id"],
            "geometry": {"type": "MultiPoint", "coordinates": points} if points else None,
            "properties": {k: v for k, v in item.items() if k != "id"},
        })
    return {"type": "FeatureCollection", "features": features}


def _xlsx(columns: list[str], flat: list[dict[str, str]], out: IO[bytes]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("partnerships")
    sheet.append(columns)
    for row in flat:
        sheet.append([xlsx_cell(sheet, row.get(c, "")) for c in columns])
    workbook.save(out)
