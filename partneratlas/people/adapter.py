"""django-allauth, fitted to PartnerAtlas: our client address, the lockout's message on the login form, and
its e-mails through notifications (the recipient's language, the site's name instead of the host)."""

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from partneratlas.notifications.branding import brand
from partneratlas.notifications.selectors import recipients_by_address, supported
from partneratlas.notifications.services import notify, preference_set
from partneratlas.people.audit import client_ip, refuse_if_locked


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def get_client_ip(self, request: HttpRequest) -> str:
        """Our reading of the client's address, so that allauth's rate limits count clients, not the proxy."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        refusal = refuse_if_locked(request, credentials)
        if refusal is not None:
            time = formats.time_format(timezone.localtime(refusal.until), "TIME_FORMAT")
            if refusal.account:
                raise forms.ValidationError(
                    _("Too many failed sign-ins for this account from different networks. From this network, "
                      "please try again after %(time)s, or reset your password.") % {"time": time})
            raise forms.ValidationError(
                _("Too many failed attempts for this account from your network. Please try again after %(time)s, "
                  "or reset your password.") % {"time": time})
        super().pre_authenticate(request, **credentials)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """A new account writes to its person in the language they signed up in."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            preference_set(user=user, language=supported(translation.get_language()))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails, queued through notifications in the recipient's language and with the site's name.

        The account's language if the address has one, else the language of the page the person
        used; a mail that carries a key, code or link to use keeps only its subject once sent.
        """
        [recipient] = recipients_by_address([email], language=translation.get_language() or "")
        notify(event=f"account:{template_prefix}:{uuid.uuid4().hex}", recipients=[recipient],
               template="people/mail/account", secret=bool(_SECRETS & context.keys()),
               context={**context, "email": email, "current_site": brand(),
                        "allauth_subject": f"{template_prefix}_subject.txt",
                        "allauth_message": f"{template_prefix}_message.txt"})

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.SITE_NAME}: {subject}"


_SECRETS = {"key", "code", "activate_url", "password_reset_url"}
