"""django-allauth, fitted to PartnerAtlas: the lockout's message on the login form."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partneratlas.people.audit import refuse_if_locked


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        until = refuse_if_locked(request, credentials)
        if until is not None:
            raise forms.ValidationError(
                _("Too many failed attempts for this account from your network. Please try again after %(time)s, "
                  "or reset your password.") % {"time": formats.time_format(timezone.localtime(until), "TIME_FORMAT")})
        super().pre_authenticate(request, **credentials)
