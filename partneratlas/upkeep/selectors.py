"""Reads about proposals that other capabilities use (the editor's list, the new-partnership form)."""

from django.db.models import Q, QuerySet

from partneratlas.people.access import Access
from partneratlas.upkeep.models import Proposal


def may_decide(access: Access, proposal: Proposal) -> bool:
    return access.staff or bool(set(proposal.member_ids()) & access.own)


def proposals_for(access: Access) -> "QuerySet[Proposal]":
    """The proposals this person decides, with what their list shows (no query per row)."""
    qs = Proposal.objects.select_related("municipality").prefetch_related("partnership__memberships__municipality")
    if access.staff:
        return qs
    return qs.filter(Q(partnership__memberships__municipality_id__in=access.own)
                     | Q(municipality_id__in=access.own)).distinct()


def open_proposals_count(access: Access) -> int:
    if not (access.staff or access.own):
        return 0
    return proposals_for(access).filter(state=Proposal.State.OPEN).count()


def accepted_proposal(proposal_id: str, access: Access, *, kind: str | None = None) -> Proposal | None:
    """An accepted proposal this person decided on (or may decide), by the id a form carries; else None."""
    if not proposal_id.isdigit() or len(proposal_id) > 18:
        return None
    proposal = Proposal.objects.filter(pk=int(proposal_id), state=Proposal.State.ACCEPTED).select_related(
        "municipality").first()
    if proposal is None or (kind and proposal.kind != kind) or not may_decide(access, proposal):
        return None
    return proposal


def new_partnership_initial(proposal_id: str, access: Access) -> dict[str, str]:
    """The editor's form for a new partnership, filled from an accepted proposal of a missing one."""
    proposal = accepted_proposal(proposal_id, access, kind=Proposal.Kind.MISSING)
    if proposal is None:
        return {}
    lines = [proposal.municipality.reference_line] if proposal.municipality else []
    lines += [line.strip() for line in proposal.partners.splitlines() if line.strip()]
    return {"members": "\n".join(lines), "source_url": proposal.source_url, "description": proposal.message}
