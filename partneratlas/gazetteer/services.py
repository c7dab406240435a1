"""Every write to a municipality's record: a person's edit, a restored version, ids learned from imports, reloads.

What a person changes is kept through gazetteer reloads (`edited_fields`) and in the
history; names a person adds are put up for review and never outrank another
municipality's official name (keys.py); the search keys follow the names at once.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from partneratlas.bulk import insert_rows
from partneratlas.gazetteer.keys import search_keys
from partneratlas.gazetteer.models import Municipality, MunicipalityName, NameAlias, NameReview
from partneratlas.gazetteer.normalise import key
from partneratlas.history.kinds import Author, State
from partneratlas.history.models import Revision
from partneratlas.history.services import revision_add, revisions_add

HISTORY_KIND = "municipality"
# The fields of a municipality's record that people keep (and the history holds).
EDITABLE = ["alternative_names", "localized_names", "population", "latitude", "longitude", "ags", "wikidata_qid",
            "source", "source_url", "verified_on"]
_GAZETTEER = Author("gazetteer")


def state_of(m: Municipality) -> State:
    return {name: getattr(m, name) for name in EDITABLE}


def names_of(state: State) -> list[str]:
    return list(dict.fromkeys([*state["alternative_names"], *state["localized_names"].values()]))


@transaction.atomic
def municipality_save(*, municipality: Municipality, values: dict[str, Any], author: Author) -> bool:
    """Write the changed fields of one municipality's record; False when nothing changed.

    Side effects: a revision (history; the state before the first change is recorded first,
    as the gazetteer's); when a person saves, the changed fields are kept through reloads
    and the names they added are put up for review; the search keys follow the names.
    """
    m = Municipality.objects.select_for_update().get(pk=municipality.pk)
    before = state_of(m)
    after = {**before, **{k: v for k, v in values.items() if k in EDITABLE}}
    changed = [name for name in EDITABLE if after[name] != before[name]]
    if not changed:
        return False
    if not Revision.objects.filter(kind=HISTORY_KIND, object_id=m.pk).exists():
        revision_add(kind=HISTORY_KIND, object_id=m.pk, state=before, changed=[], author=_GAZETTEER, version=1)
    for name in changed:
        setattr(m, name, after[name])
    if author.user is not None:
        m.edited_fields = sorted(set(m.edited_fields) | set(changed))
        new_names = set(names_of(after)) - set(names_of(before)) - {m.name}
        for name in sorted(new_names):
            NameReview.objects.update_or_create(municipality=m, name=name[:200], defaults={
                "added_by": author.user, "state": NameReview.State.OPEN, "decided_by": None, "decided_at": None})
    m.save()
    revision_add(kind=HISTORY_KIND, object_id=m.pk, state=state_of(m), changed=changed, author=author)
    if {"alternative_names", "localized_names"} & set(changed):
        keys_refresh(municipalities=[m])
    return True


def added_names(municipality_ids: Iterable[int]) -> dict[int, set[str]]:
    """Names people added to these records that the agency has not taken back."""
    ids = list(municipality_ids)
    found: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        for mid, name in NameReview.objects.filter(municipality_id__in=ids[start:start + 500]).exclude(
                state=NameReview.State.REJECTED).values_list("municipality_id", "name"):
            found.setdefault(mid, set()).add(name)
    return found


def keys_of(m: Municipality, added: set[str]) -> dict[str, int]:
    return search_keys(m.name, [n for n in names_of(state_of(m)) if n != m.name], added)


def keys_refresh(*, municipalities: list[Municipality]) -> None:
    """Rewrite the search keys of these municipalities from their names."""
    added = added_names(m.pk for m in municipalities)
    MunicipalityName.objects.filter(municipality__in=municipalities).delete()
    insert_rows(MunicipalityName, ["municipality_id", "country_id", "key", "quality"],
                [(m.pk, m.country_id, k, q) for m in municipalities for k, q in keys_of(m, added.get(m.pk, set()))
                 .items()])


@transaction.atomic
def name_review_decide(*, review: NameReview, confirm: bool, author: Author) -> None:
    """Confirm a name a person added, or take it back out of the record (with history)."""
    review.state = NameReview.State.CONFIRMED if confirm else NameReview.State.REJECTED
    review.decided_by, review.decided_at = author.user, timezone.now()
    review.save(update_fields=["state", "decided_by", "decided_at"])
    if confirm:
        return
    m = review.municipality
    alternatives = [n for n in m.alternative_names if n != review.name]
    localized = {code: n for code, n in m.localized_names.items() if n != review.name}
    if not municipality_save(municipality=m, values={"alternative_names": alternatives, "localized_names": localized},
                             author=author):
        keys_refresh(municipalities=[m])


@transaction.atomic
def municipalities_learn_ids(*, learned: dict[int, str], author: Author) -> int:
    """Give municipalities that had no Wikidata id the one an import named, unless another has it (history)."""
    wanted = sorted(set(learned.values()))
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        taken.update(Municipality.objects.filter(wikidata_qid__in=wanted[start:start + 500]).values_list(
            "wikidata_qid", flat=True))
    stored = 0
    for municipality_id, qid in sorted(learned.items()):
        m = Municipality.objects.filter(id=municipality_id, wikidata_qid="").first()
        if m is not None and qid not in taken:
            stored += municipality_save(municipality=m, values={"wikidata_qid": qid}, author=author)
            taken.add(qid)
    return stored


Changes = list[tuple[int, State, State]]  # id, state before, state after


def reload_keep_edits(records: list[Municipality]) -> tuple[list[Municipality], Changes]:
    """Before a reload writes `records` (those already stored have their pk): put back every field people edited.

    Returns the records it changed so (their search keys must come from the kept names) and,
    for those with a history, what the reload still changes in them, for `reload_record`.
    """
    edited = {m.pk: m for m in Municipality.objects.exclude(edited_fields=[])}  # the few people have edited
    with_history = set(Revision.objects.filter(kind=HISTORY_KIND, object_id__in=list(edited)).values_list(
        "object_id", flat=True).distinct())
    kept, changes = [], []
    for record in records:
        stored = edited.get(record.pk) if record.pk else None
        if stored is None:
            continue
        for name in stored.edited_fields:
            setattr(record, name, getattr(stored, name))
        kept.append(record)
        if stored.pk in with_history and state_of(record) != state_of(stored):
            changes.append((stored.pk, state_of(stored), state_of(record)))
    return kept, changes


def reload_record(changes: Changes, *, at: datetime.datetime | None = None) -> None:
    """Record in the history what a reload changed in records people have edited."""
    last = dict(Revision.objects.filter(kind=HISTORY_KIND, object_id__in=[c[0] for c in changes]).values(
        "object_id").annotate(v=Max("version")).values_list("object_id", "v"))
    rows = [(pk, last.get(pk, 0) + 1, [n for n in EDITABLE if before[n] != after[n]], after)
            for pk, before, after in changes]
    revisions_add(kind=HISTORY_KIND, rows=rows, author=_GAZETTEER, at=at)


def alias_settle(*, written: str, country: str | None, region: str | None, municipality: Municipality,
                 owner: Any, created_by: Any, source: str, via: str = "import") -> NameAlias:
    """Remember that `written` (in that country, with that region hint) is `municipality`.

    `owner` is whose imports it applies to (None: everyone's, which only the agency may
    decide). Settling the same name again moves the alias to the new municipality.
    """
    alias, _created = NameAlias.objects.update_or_create(
        key=key(written)[:200], country_id=country or None, region_key=key(region or "")[:100], owner=owner,
        defaults={"written": written.strip()[:200], "municipality": municipality, "source": source[:200],
                  "created_by": created_by, "via": via})
    return alias


def alias_share(*, alias: NameAlias, shared: bool) -> NameAlias:
    """Make an alias apply to everyone's imports (or to its creator's again); staff only, checked by the caller.

    A shared alias that already exists for the same name wins; the personal one is then removed.
    """
    with transaction.atomic():
        if shared and alias.owner_id is not None:
            twin = NameAlias.objects.filter(key=alias.key, country_id=alias.country_id, region_key=alias.region_key,
                                            owner=None).first()
            if twin:
                alias.delete()
                return twin
            alias.owner = None
        elif not shared and alias.owner_id is None and alias.created_by_id is not None:
            NameAlias.objects.filter(key=alias.key, country_id=alias.country_id, region_key=alias.region_key,
                                     owner_id=alias.created_by_id).delete()
            alias.owner_id = alias.created_by_id
        alias.save()
    return alias


class ProposalClosed(Exception):
    """The proposed place has been decided already."""


@transaction.atomic
def proposal_decide(*, proposal: Any, accept: bool, author: Author,
                    existing: Municipality | None = None) -> Municipality | None:
    """Decide a place proposed in an import: add it to the gazetteer, take a place already there, or reject it.

    Accepting without `existing` creates a municipality (ref `manual:<n>`; the proposal's
    name, kind, region, parent, position and population; the name as written as another
    name) with its search keys and a first version in its history. Accepting, also with
    `existing`, remembers the name as written for the proposer's imports (an alias the
    proposer owns). Side effects: the proposal's state, decider and time; after commit an
    e-mail to the proposer in their language. Raises ProposalClosed when it was decided
    already. Returns the place, None when rejected.
    """
    from partneratlas.gazetteer.settled import PlaceProposal
    from partneratlas.notifications.selectors import recipient_of
    from partneratlas.notifications.services import notify

    p = PlaceProposal.objects.select_for_update(of=("self",)).select_related("proposed_by").get(pk=proposal.pk)
    if p.state != PlaceProposal.State.OPEN:
        raise ProposalClosed
    place = (existing or _proposed_place(p, author)) if accept else None
    p.state = (PlaceProposal.State.REJECTED if not accept else
               PlaceProposal.State.MAPPED if existing is not None else PlaceProposal.State.ACCEPTED)
    p.municipality, p.decided_by, p.decided_at = place, author.user, timezone.now()
    p.save(update_fields=["state", "municipality", "decided_by", "decided_at"])
    proposer = p.proposed_by
    if place is not None and proposer is not None:
        alias_settle(written=p.written or p.name, country=p.country_id, region=p.region_key, municipality=place,
                     owner=proposer, created_by=author.user, source=p.source)
    if proposer is not None and proposer.email:
        notify(event=f"gazetteer.place_proposal:{p.pk}", recipients=[recipient_of(proposer)],
               template="gazetteer/mail/place_decided",
               context={"proposal": p, "place": place, "created": accept and existing is None})
    return place


def _proposed_place(p: Any, author: Author) -> Municipality:
    """A new municipality from a proposal, under the next free `manual:<n>` (history and search keys)."""
    numbers = [int(ref[7:]) for ref in Municipality.objects.filter(ref__startswith="manual:").values_list(
        "ref", flat=True) if ref[7:].isdigit()]
    number = max(numbers, default=0) + 1
    other = [p.written] if p.written and key(p.written) != key(p.name) else []
    for attempt in range(5):
        try:
            with transaction.atomic():  # a place accepted at the same moment may take the number
                m = Municipality.objects.create(
                    ref=f"manual:{number + attempt}", name=p.name, country_id=p.country_id, region_id=p.region_id,
                    kind=p.kind, parent_id=p.parent_id, population=p.population, latitude=p.latitude,
                    longitude=p.longitude, alternative_names=other, source=p.source[:200])
            break
        except IntegrityError:
            continue
    else:
        raise IntegrityError("no free manual reference")
    revision_add(kind=HISTORY_KIND, object_id=m.pk, state=state_of(m), changed=[], author=author, version=1)
    keys_refresh(municipalities=[m])
    return m
