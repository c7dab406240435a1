"""Invitations into an organisation: sent to an address, accepted only by that address's verified owner.

A person who opens the link signed in with another account is refused; one whose invited
address is not yet verified is asked to verify it first. A newcomer creates an account from
the link; when they verify the invited address (allauth's `email_confirmed`), every open
invitation to it is accepted, so the link is not lost on the way through the verification.
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.notifications.selectors import recipients_by_address
from partneratlas.notifications.services import notify
from partneratlas.people.models import Invitation, Member, Organisation

ANOTHER_ADDRESS = "another_address"
UNVERIFIED = "unverified"


class InvitationRefused(Exception):
    """The signed-in account may not accept this invitation; `reason` is ANOTHER_ADDRESS or UNVERIFIED."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def invitation_send(*, organisation: Organisation, email: str, role: str, invited_by: Any,
                    language: str) -> Invitation:
    """Invite an address into the organisation with a role, valid for two weeks.

    Side effects: an Invitation; after commit an e-mail with the link (notifications), in the
    language of the account that has the address, else in `language` (the inviter's).
    """
    invitation = Invitation.objects.create(organisation=organisation, email=email.strip().lower(), role=role,
                                           invited_by=invited_by)
    notify(event=f"people.invitation:{invitation.pk}", template="people/mail/invitation",
           recipients=recipients_by_address([invitation.email], language=language),
           context={"invitation": invitation, "organisation": organisation.name,
                    "person": invited_by.get_full_name() or invited_by.email})
    return invitation


def invitation_refusal(invitation: Invitation, user: Any) -> str | None:
    """Why `user` may not accept: ANOTHER_ADDRESS, UNVERIFIED, or None when they may."""
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if addresses.filter(verified=True).exists():
        return None
    return UNVERIFIED if addresses.exists() else ANOTHER_ADDRESS


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any) -> Member:
    """The invited, verified address's owner joins with the invited role.

    Side effects: a Member (or a changed role, in the audit log), the invitation marked used.
    Raises InvitationRefused, changing nothing, for any other account.
    """
    reason = invitation_refusal(invitation, user)
    if reason is not None:
        raise InvitationRefused(reason)
    member, created = Member.objects.get_or_create(user=user, organisation=invitation.organisation,
                                                   defaults={"role": invitation.role})
    if not created and member.role != invitation.role:
        member.role = invitation.role
        member.changed_by = invitation.invited_by  # type: ignore[attr-defined]
        member.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return member


@transaction.atomic
def invitations_accept_verified(*, email_address: EmailAddress) -> list[Member]:
    """Accept every open invitation to a just-verified address. Side effects: as `invitation_accept`."""
    invitations = Invitation.objects.filter(email__iexact=email_address.email, accepted_at__isnull=True,
                                            expires_at__gt=timezone.now()).select_related("organisation")
    return [invitation_accept(invitation=invitation, user=email_address.user) for invitation in invitations]


@receiver(email_confirmed)
def _address_verified(sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any) -> None:
    joined = invitations_accept_verified(email_address=email_address)
    if request is not None:
        for member in joined:
            messages.success(request, _("You are now a member of %(organisation)s.")
                             % {"organisation": member.organisation.name})
