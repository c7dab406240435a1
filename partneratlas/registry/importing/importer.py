"""`registry import`: place every row of a file, report every row, write all or nothing.

A row is *placed* when all its members resolve to one municipality and its cells read;
otherwise it is *ambiguous* (with the candidates), *not found* (with suggestions) or
*invalid* (with the reason). Placed rows create or update partnerships: a partnership is
found again by its id column or by its set of members, so the same file twice changes
nothing and a corrected file updates. All writes happen in one transaction: an error or
Ctrl-C half-way leaves the database as it was.
"""

from __future__ import annotations  # the nested reader below is defined once per row

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partneratlas.gazetteer.countries import resolve_country
from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.normalise import key
from partneratlas.gazetteer.resolution import Resolution, Resolver
from partneratlas.gazetteer.services import municipalities_learn_ids
from partneratlas.registry.importing.columns import ColumnMap, recognise
from partneratlas.registry.importing.defaults import first_country_of, kind_for_new
from partneratlas.registry.importing.parsing import (
    CellError,
    Vocabularies,
    parse_date,
    parse_flag,
    parse_qid,
    parse_resolutions,
    parse_uid,
    parse_url,
    parse_year,
    parse_year_or_date,
)
from partneratlas.registry.importing.reading import ImportFileError, read_table
from partneratlas.registry.models import Partnership, Topic, members_key
from partneratlas.registry.services import (
    Author,
    PartnershipData,
    Snapshot,
    changes,
    partnerships_lock,
    partnerships_save,
    snapshots,
)

STATUSES = ("placed", "ambiguous", "not_found", "invalid")
_SEVERITY = {status: rank for rank, status in enumerate(STATUSES)}
_BATCH = 5000


@dataclass
class RowReport:
    row: int
    status: str = "placed"
    action: str = ""  # create, update, unchanged
    partnership: str = ""
    reason: str = ""
    candidates: list[str] = field(default_factory=list)
    # The members that did not resolve, for the reconciliation screen and the summary:
    # {"name", "country", "region", "status", "cause", "candidates": [municipality ids]}.
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    settled: bool = False  # a member was placed by a name a person settled (an alias)
    cause: str = ""  # why the row is not placed, as a code (causes.py); empty: from the status


@dataclass
class ImportResult:
    rows: list[RowReport]
    dry_run: bool
    applied: bool
    ignored_columns: list[str]
    new_topics: list[str]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)  # what the import assumed for the whole file

    def counts(self) -> Counter[str]:
        return Counter([r.status for r in self.rows] + [r.action for r in self.rows if r.action]
                       + ["settled" for r in self.rows if r.settled and r.status == "placed"])


@dataclass
class _Member:
    name: str
    country: str
    region: str
    ref: str
    qid: str


@dataclass
class _Row:
    report: RowReport
    members: list[_Member]
    data: PartnershipData
    new_topics: list[str] = field(default_factory=list)


def registry_import(
    *,
    path: Path,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    progress: Callable[[int, int], None] | None = None,
    author: Author | None = None,
    allowed: set[int] | None = None,
    kind: int | None = None,
    country: str | None = None,
    owner_id: int | None = None,
) -> ImportResult:
    """Import partnerships from a CSV, XLSX or JSON file.

    Side effects (not with dry_run): creates and updates partnerships, creates topic
    tags the file names that the registry did not know, stores Wikidata ids on
    municipalities that lacked them (with history). One transaction, which finds the stored
    partnerships and writes under the registry's lock, so that imports running at the same
    time never both create a row. With `allowed`, only rows with a member among those
    municipalities are placed (an editor's own); the others are invalid.

    `kind` is the kind of new partnerships whose row names none (without it: "not yet
    classified", never silently a twinning); `country` is the first member's country when
    the file has no column for it (without it: REGISTRY_COUNTRY). The result's notes say so.
    Names people settled apply: the agency's shared ones, and `owner_id`'s own.
    """
    table = read_table(path)
    columns = recognise(table.headers)
    if len(columns.members) < 2 or not all(
            {"", "ref", "qid"} & set(parts) for parts in (columns.members.get(1, {}), columns.members.get(2, {}))):
        raise ImportFileError(
            _("The file needs a column for each partner (e.g. “Kommune” and “Partnerkommune”, or "
              "“municipality” and “partner”). Columns found: %(columns)s") % {"columns": ", ".join(table.headers)})
    vocab = Vocabularies()
    notes: list[str] = []
    new_kind = kind_for_new(kind, columns, notes)
    first_country = first_country_of(country, columns, notes)
    parsed: dict[tuple[str, str], object] = {}
    rows = [_parse(index + 2, values, columns, vocab, first_country, parsed) for index, values in enumerate(table.rows)]

    resolver = Resolver(owner_id=owner_id)
    resolver.prefetch(m.name for row in rows for m in row.members)
    resolver.prefetch_refs(m.ref for row in rows for m in row.members if m.ref)
    qids = sorted({m.qid for row in rows for m in row.members if m.qid})
    by_qid: dict[str, int] = {}
    for start in range(0, len(qids), 500):
        by_qid.update(Municipality.objects.filter(wikidata_qid__in=qids[start:start + 500]).values_list(
            "wikidata_qid", "id"))
    learned_qids: dict[int, str] = {}
    for row in rows:
        _resolve_members(row, resolver, by_qid, learned_qids)
    _resolve_actor_sides(rows, columns)
    if allowed is not None:
        _restrict(rows, allowed)

    def planned() -> tuple[list[tuple[_Row, Snapshot | None]], ImportResult]:
        plan = _plan(rows, columns, new_kind)
        default_source = _("import of %(file)s") % {"file": path.name}
        for row, snapshot in plan:
            if snapshot is None and not row.data.source:
                row.data.source = default_source
        return plan, ImportResult(
            rows=[row.report for row in rows], dry_run=dry_run, applied=False,
            ignored_columns=columns.ignored, new_topics=sorted({vocab.new_topics[k] for row in rows
                                                                if row.report.action for k in row.new_topics}),
            encoding=table.encoding, delimiter=table.delimiter, notes=notes)

    if dry_run:
        return planned()[1]
    with transaction.atomic():
        partnerships_lock()
        plan, result = planned()
        if all_or_nothing and any(row.report.status != "placed" for row in rows):
            return result
        topic_ids = _create_topics(result.new_topics, vocab)
        for row, _snapshot in plan:
            if row.new_topics:
                row.data.topic_ids = sorted(set((row.data.topic_ids or []) + [topic_ids[k] for k in row.new_topics]))
        for start in range(0, len(plan), _BATCH):
            batch = plan[start:start + _BATCH]
            saved = partnerships_save(items=[(snapshot, row.data) for row, snapshot in batch], author=author)
            for (row, _snapshot), uid in zip(batch, saved, strict=True):
                row.report.partnership = str(uid)
            if progress:
                progress(min(start + _BATCH, len(plan)), len(plan))
        municipalities_learn_ids(learned=learned_qids, author=author or Author("import", name=path.name))
    result.applied = True
    return result


def _cell(values: list[str], index: int | None) -> str:
    return values[index] if index is not None else ""


def _parse(line: int, values: list[str], columns: ColumnMap, vocab: Vocabularies, first_country: str | None,
           parsed: dict[tuple[str, str], object]) -> _Row:
    report = RowReport(row=line)
    members = []
    for number in sorted(columns.members):
        parts = columns.members[number]
        member = _Member(*(_cell(values, parts.get(p)) for p in ("", "country", "region", "ref", "qid")))
        member.qid = parse_qid(member.qid)
        if number == 1 and first_country and not member.ref:
            member.country = first_country
        if member.name or member.ref or member.qid:
            members.append(member)
    data = PartnershipData(member_ids=[])
    errors: list[str] = []
    new_topics: list[str] = []
    get = {name: _cell(values, index) for name, index in columns.fields.items()}

    def read(name: str, parser: Callable[[str], object]) -> object:
        if name not in get:
            return None
        text = get[name]
        if (name, text) not in parsed:  # a file repeats the same kinds, years and SDG lists
            try:
                parsed[name, text] = parser(text)
            except CellError as exc:
                parsed[name, text] = exc
        value = parsed[name, text]
        if isinstance(value, CellError):
            errors.append(f"{columns.label(name)}: {value}")
            return None
        if value is None and name in _CLEARED_BY:  # the column is there and empty: the field is emptied
            data.cleared.add(_CLEARED_BY[name])
        return value  # rows share parsed values: replace them, never change them in place

    data.uid = read("id", parse_uid)  # type: ignore[assignment]
    data.kind_id = read("kind", vocab.kind)  # type: ignore[assignment]  # new partnerships: see _plan
    data.status = read("status", vocab.status)  # type: ignore[assignment]
    data.status_since = read("status since", parse_year_or_date)  # type: ignore[assignment]
    data.status_history = read("status history", vocab.status_history) or None  # type: ignore[assignment]
    data.start_year = read("since", parse_year)  # type: ignore[assignment]
    data.signed_on = read("signed on", parse_date)  # type: ignore[assignment]
    data.council_resolutions = read("council resolutions", parse_resolutions)  # type: ignore[assignment]
    data.actors = read("actors", vocab.actor_list)  # type: ignore[assignment]  # sides resolved later
    data.sdgs = read("sdgs", vocab.sdg_list)  # type: ignore[assignment]
    topics = read("topics", vocab.topic_list)
    if topics is not None:
        data.topic_ids, new_topics = topics  # type: ignore[misc]
    data.working_languages = read("working languages", vocab.language_list)  # type: ignore[assignment]
    data.description = get.get("description")
    data.source = get.get("source")
    data.source_url = read("source url", parse_url)  # type: ignore[assignment]
    data.verified_on = read("verified on", parse_date)  # type: ignore[assignment]
    data.published = read("published", parse_flag)  # type: ignore[assignment]
    if columns.wikidata:
        qids = sorted(m.qid for m in members if m.qid)
        data.source = data.source or "Wikidata"
        data.source_url = data.source_url or (f"https://www.wikidata.org/wiki/{qids[0]}" if qids else "")
    if len(members) < 2:
        errors.append(_("a partnership needs at least two members"))
    if errors:
        report.status, report.reason = "invalid", "; ".join(errors)
    return _Row(report, members, data, new_topics)


def _resolve_members(row: _Row, resolver: Resolver, by_qid: dict[str, int], learned: dict[int, str]) -> None:
    if row.report.status == "invalid":
        return
    worst, reasons, ids, notes = "placed", [], [], []
    for member in row.members:
        if member.qid and member.qid in by_qid:
            ids.append(by_qid[member.qid])
            continue
        result: Resolution = resolver.resolve(member.name, member.country, member.region, ref=member.ref or None)
        if result.placed and result.municipality_id:
            ids.append(result.municipality_id)
            row.report.settled = row.report.settled or result.settled
            chosen = next(c for c in result.candidates if c.id == result.municipality_id)
            notes.append(f"{member.name or member.ref} → {chosen.name} [{chosen.ref}]: {result.reason}")
            if member.qid:
                learned.setdefault(result.municipality_id, member.qid)
            continue
        if _SEVERITY[result.status] > _SEVERITY[worst]:
            worst = result.status
        reasons.append(f"{member.name or member.ref}: {result.reason}")
        # The region as the resolver read it: a column of its own, or "Jiangsu, China" in the country cell.
        region = member.region or (", ".join(resolve_country(member.country)[1]) if member.country else "")
        row.report.unresolved.append({
            "name": member.name or member.ref, "country": result.country or member.country, "region": region,
            "status": result.status, "cause": result.cause or result.status,
            "candidates": [c.id for c in result.candidates[:10]]})
        regions = resolver.region_names()
        row.report.candidates += [c.describe(regions) for c in result.candidates[:5]]
    if worst != "placed":
        row.report.status, row.report.reason = worst, "; ".join(reasons)
        row.report.cause = next(u["cause"] for u in row.report.unresolved if u["status"] == worst)
    elif len(set(ids)) < len(ids):
        row.report.status, row.report.cause = "invalid", "same_twice"
        row.report.reason = _("the same municipality is named twice")
    else:
        row.data.member_ids = ids
        row.report.reason = "; ".join(notes)


def _resolve_actor_sides(rows: list[_Row], columns: ColumnMap) -> None:
    """Turn the member an actor belongs to, as written ("Kiel", "gn:2891122"), into its municipality."""
    placed = [row for row in rows if row.report.status == "placed" and row.data.actors]
    ids = sorted({m for row in placed for m in row.data.member_ids})
    names: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        for mid, ref, name, localized in Municipality.objects.filter(id__in=ids[start:start + 500]).values_list(
                "id", "ref", "name", "localized_names"):
            names[mid] = {key(ref), key(name), *(key(n) for n in (localized or {}).values())}
    for row in placed:
        known = {k: mid for mid in row.data.member_ids for k in names.get(mid, ())}
        known |= {key(m.name): mid for m, mid in zip(row.members, row.data.member_ids, strict=False) if m.name}
        actors = []
        for name, kind, role, side in row.data.actors or []:
            side_id = known.get(key(str(side))) if side else None
            if side and side_id is None:
                row.report.status = "invalid"
                row.report.reason = _("%(column)s: “%(side)s” is not a member of this partnership") % {
                    "column": columns.label("actors"), "side": side}
                break
            actors.append((name, kind, role, side_id))
        row.data.actors = actors


# Field names of PartnershipData → the column that carries them.
_COLUMN_OF = {"kind_id": "kind", "start_year": "since", "signed_on": "signed on", "topic_ids": "topics",
              "working_languages": "working languages", "council_resolutions": "council resolutions",
              "source_url": "source url", "verified_on": "verified on"}
# Columns whose empty cell empties a field that may be empty (services.CLEARABLE).
_CLEARED_BY = {"since": "start_year", "signed on": "signed_on", "verified on": "verified_on"}


def _restrict(rows: list[_Row], allowed: set[int]) -> None:
    for row in rows:
        if row.report.status == "placed" and not allowed.intersection(row.data.member_ids):
            row.report.status, row.report.cause = "invalid", "not_yours"
            row.report.reason = _("none of the members is a municipality you edit")


def _plan(rows: list[_Row], columns: ColumnMap, new_kind: int) -> list[tuple[_Row, Snapshot | None]]:
    """Find the stored partnership of every placed row and decide what to write."""
    placed = [row for row in rows if row.report.status == "placed"]
    keys = sorted({members_key(row.data.member_ids) for row in placed})
    uids = sorted({row.data.uid for row in placed if row.data.uid})
    found: dict[str, list[Partnership]] = {}
    by_uid: dict[str, Partnership] = {}
    registry_empty = not Partnership.objects.exists()
    for start in range(0, 0 if registry_empty else max(len(keys), len(uids)), 500):
        for p in Partnership.objects.filter(members_key__in=keys[start:start + 500]):
            found.setdefault(p.members_key, []).append(p)
        for p in Partnership.objects.filter(uid__in=uids[start:start + 500]):
            by_uid[str(p.uid)] = p
    stored = snapshots(list({p.id: p for p in [*by_uid.values(), *(p for ps in found.values() for p in ps)]}
                            .values()))
    seen: dict[str, _Row] = {}
    plan: list[tuple[_Row, Snapshot | None]] = []
    for row in placed:
        identity = str(row.data.uid) if row.data.uid else members_key(row.data.member_ids)
        if identity in seen:
            first = seen[identity]
            same = first.data.given() == row.data.given() and sorted(first.data.member_ids) == sorted(
                row.data.member_ids)
            row.report.action = "unchanged" if same else ""
            row.report.status = "placed" if same else "invalid"
            row.report.reason = (_("same as row %(row)d") if same else _("contradicts row %(row)d")) % {
                "row": first.report.row}
            continue
        seen[identity] = row
        if row.data.uid:
            existing = by_uid.get(str(row.data.uid))
        else:
            matches = found.get(identity, [])
            if len(matches) > 1:
                row.report.status = "ambiguous"
                row.report.reason = _("%(count)d partnerships have these members; add the id column to say which")\
                    % {"count": len(matches)}
                row.report.candidates = [str(p.uid) for p in matches]
                continue
            existing = matches[0] if matches else None
        snapshot = stored.get(existing.id) if existing else None
        changed = changes(snapshot, row.data)
        if snapshot:
            row.report.partnership = str(snapshot.uid)
        if not changed:
            row.report.action = "unchanged"
            continue
        row.report.action = "create" if snapshot is None else "update"
        if snapshot is not None:
            fields = ", ".join(columns.label(_COLUMN_OF.get(name, name)) for name in changed)
            row.report.reason += "; " + _("changed: %(fields)s") % {"fields": fields}
        plan.append((row, snapshot))
    for row, snapshot in plan:  # after the comparison of repeated rows, which compares what the file said
        if snapshot is None and row.data.kind_id is None:
            row.data.kind_id = new_kind  # a stored partnership keeps its kind
    return plan


def _create_topics(names: list[str], vocab: Vocabularies) -> dict[str, int]:
    created = {}
    for name in names:
        code = slugify(name)[:60] or key(name)[:60]
        topic, _created = Topic.objects.get_or_create(code=code, defaults={"names": {"de": name, "en": name}})
        created[key(name)] = topic.pk
    return created
