"""The public proposal form, with a honeypot field and a time trap instead of a CAPTCHA.

People take more than a few seconds to write a proposal and never see the "website"
field; scripts fill every field and post at once. The form's start time is signed, so
it cannot be forged.
"""

import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.upkeep.models import Proposal

MIN_SECONDS = 3
MAX_SECONDS = 24 * 60 * 60
MAX_LINKS = 3
_SALT = "partneratlas.proposal"
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def started_token() -> str:
    return signing.TimestampSigner(salt=_SALT).sign("proposal")


class ProposalForm(forms.ModelForm):  # type: ignore[type-arg]
    source_url = forms.URLField(label=gettext_lazy("Source link"), required=False, max_length=500,
                                assume_scheme="https", help_text=gettext_lazy(
                                    "A council resolution, a press release or the town's website."))
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))  # the honeypot
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(required=False, label=gettext_lazy(
        "You may use my e-mail address to answer me about this proposal."))

    class Meta:
        model = Proposal
        fields = ["message", "partners", "source_url", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
                   "partners": forms.Textarea(attrs={"rows": 2, "maxlength": 1000})}
        help_texts = {"partners": gettext_lazy("One per line, with the country, e.g. “Dongguan, China”.")}

    def __init__(self, *args: Any, missing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = started_token()
        self.fields["email"].required = False
        if missing:
            self.fields["message"].label = _("What do you know about the partnership?")
            self.fields["partners"].required = True
        else:
            del self.fields["partners"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            if _age(self.data.get("started", "")) < MIN_SECONDS:
                self.add_error(None, _("That was very quick. Please check your proposal and send it again."))
        except signing.SignatureExpired:
            self.add_error(None, _("The form was open for too long; please send it again."))
        except (signing.BadSignature, ValueError):
            self.add_error(None, _("The form could not be checked; please send it again."))
        message = cleaned.get("message", "")
        if len(_LINK.findall(message)) > MAX_LINKS:
            self.add_error("message", _("Please give at most %(count)d links.") % {"count": MAX_LINKS})
        if cleaned.get("email") and not cleaned.get("consent"):
            self.add_error("consent", _("Please agree that we use your e-mail address, or leave it empty."))
        return cleaned


def _age(token: str) -> int:
    """Seconds since the form was shown; BadSignature when forged, SignatureExpired when too old."""
    signing.TimestampSigner(salt=_SALT).unsign(token, max_age=MAX_SECONDS)
    return int(time.time()) - signing.b62_decode(token.rsplit(":", 2)[1])
