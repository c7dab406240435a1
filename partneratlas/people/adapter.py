"""django-allauth, fitted to PartnerAtlas: our client address and the lockout's message on the login form."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

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
