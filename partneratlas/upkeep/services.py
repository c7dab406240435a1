"""Proposals: who may send how many, who decides, and what the sender hears back."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from partneratlas.people.models import Member, OrganisationKind, Role
from partneratlas.upkeep.models import Proposal
from partneratlas.upkeep.selectors import may_decide, proposals_for

__all__ = ["editor_emails", "may_decide", "proposal_decide", "proposal_submit", "proposals_for", "rate_limited",
           "reviewers", "sender_key"]

_DECIDING_ROLES = (Role.EDITOR, Role.ADMIN)


def sender_key(ip: str) -> str:
    """A keyed hash of the sender's address: enough to count, not enough to find them."""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def rate_limited(sender: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return Proposal.objects.filter(sender=sender, created_at__gte=since).count() >= settings.PROPOSALS_PER_HOUR


def proposal_submit(proposal: Proposal) -> Proposal:
    from partneratlas.upkeep.tasks import notify_reviewers

    proposal.save()
    notify_reviewers.enqueue(proposal.pk)
    return proposal


def editor_emails(**organisation: object) -> list[str]:
    """The addresses of the active editors and admins of the organisations matching the lookups."""
    members = Member.objects.filter(role__in=_DECIDING_ROLES, user__is_active=True,
                                    **{f"organisation__{k}": v for k, v in organisation.items()})
    return sorted({e for e in members.values_list("user__email", flat=True) if e})


def reviewers(proposal: Proposal) -> list[str]:
    """The e-mail addresses of the owning administrations' editors, else of the agency's staff."""
    return editor_emails(kind=OrganisationKind.MUNICIPALITY, municipality_id__in=proposal.member_ids()) \
        or editor_emails(kind=OrganisationKind.AGENCY)


def proposal_decide(proposal: Proposal, *, user: object, accept: bool, reply: str) -> None:
    from partneratlas.upkeep.tasks import notify_sender

    proposal.state = Proposal.State.ACCEPTED if accept else Proposal.State.REJECTED
    proposal.decided_by, proposal.decided_at, proposal.reply = user, timezone.now(), reply  # type: ignore[assignment]
    proposal.save(update_fields=["state", "decided_by", "decided_at", "reply"])
    if proposal.email:
        notify_sender.enqueue(proposal.pk)
