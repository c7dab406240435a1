"""Invitations, membership changes, and a person's own data (GDPR: export and deletion)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.people.audit import record
from partneratlas.people.models import AuditEvent, AuditKind, Invitation, Member, Organisation
from partneratlas.registry.models import Revision


def invite(request: Any, organisation: Organisation, email: str, role: str) -> Invitation:
    """Create an invitation and send its link by e-mail."""
    invitation = Invitation.objects.create(organisation=organisation, email=email.strip().lower(), role=role,
                                           invited_by=request.user)
    link = request.build_absolute_uri(reverse("people:accept", args=[invitation.token]))
    send_mail(
        _("Invitation to %(organisation)s on PartnerAtlas") % {"organisation": organisation.name},
        _("%(person)s invites you to join %(organisation)s on PartnerAtlas as %(role)s.\n\n"
          "Open this link within two weeks to accept (you can create an account there):\n%(link)s\n")
        % {"person": request.user.get_full_name() or request.user.email, "organisation": organisation.name,
           "role": invitation.get_role_display(), "link": link},
        None, [invitation.email])
    return invitation


@transaction.atomic
def accept(invitation: Invitation, user: Any) -> Member:
    member, created = Member.objects.get_or_create(user=user, organisation=invitation.organisation,
                                                   defaults={"role": invitation.role})
    if not created and member.role != invitation.role:
        member.role = invitation.role
        member.changed_by = invitation.invited_by  # type: ignore[attr-defined]
        member.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return member


def personal_data(user: Any) -> dict[str, Any]:
    """Everything PartnerAtlas keeps about a person, for the GDPR download."""
    return {
        "account": {"email": user.email, "name": user.get_full_name(), "joined": user.date_joined,
                    "last_login": user.last_login},
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "memberships": [{"organisation": m.organisation.name, "role": m.role, "since": m.created_at}
                        for m in Member.objects.filter(user=user).select_related("organisation")],
        "changes": list(Revision.objects.filter(user=user).values("partnership__uid", "version", "at", "via")),
        "audit_log": list(AuditEvent.objects.filter(user=user).values("kind", "at", "ip", "detail")),
    }


@transaction.atomic
def delete_account(request: HttpRequest, user: Any) -> None:
    """Delete the account; the history keeps the changes but no longer says who made them."""
    Revision.objects.filter(user=user).update(user=None, author=_("deleted account"))
    AuditEvent.objects.filter(user=user).update(user=None, login="", ip=None)
    record(AuditKind.ACCOUNT_DELETED, None, detail=f"account {user.pk}")
    get_user_model().objects.filter(pk=user.pk).delete()
