"""A person's own data (GDPR: export and deletion). Invitations: `people.invitations`."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from partneratlas.history.selectors import revisions_by
from partneratlas.history.services import user_forget
from partneratlas.notifications.selectors import messages_of
from partneratlas.notifications.services import forget as messages_forget
from partneratlas.people.audit import record
from partneratlas.people.models import ApiToken, AuditEvent, AuditKind, Member


def personal_data(user: Any) -> dict[str, Any]:
    """Everything PartnerAtlas keeps about a person, for the GDPR download."""
    return {
        "account": {"email": user.email, "name": user.get_full_name(), "joined": user.date_joined,
                    "last_login": user.last_login},
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "memberships": [{"organisation": m.organisation.name, "role": m.role, "since": m.created_at}
                        for m in Member.objects.filter(user=user).select_related("organisation")],
        "changes": revisions_by(user),  # every record the person changed: partnerships, municipalities …
        "api_tokens": list(ApiToken.objects.filter(user=user).values(
            "name", "prefix", "created_at", "expires_on", "last_used_at", "revoked_at")),
        "audit_log": list(AuditEvent.objects.filter(user=user).values("kind", "at", "ip", "detail")),
        "e_mails": messages_of(user),
    }


@transaction.atomic
def delete_account(request: HttpRequest, user: Any) -> None:
    """Delete the account; the history keeps the changes but no longer says who made them."""
    user_forget(instance=user)  # also done on any deletion of a user (history.apps), here first and explicitly
    messages_forget(user=user)
    AuditEvent.objects.filter(user=user).update(user=None, login="", ip=None)
    record(AuditKind.ACCOUNT_DELETED, None, detail=f"account {user.pk}")
    get_user_model().objects.filter(pk=user.pk).delete()
