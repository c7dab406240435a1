from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partneratlas.people.models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label=_("Type your e-mail address to confirm"), max_length=254)

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip()
        if typed.lower() != self.email.lower():
            raise forms.ValidationError(_("That is not the e-mail address of this account."))
        return typed


def _languages() -> list[tuple[str, str]]:
    """Each language in its own name (Deutsch, English, 中文（简体）), as a person looks for it."""
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=_languages)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100,
                           help_text=_("What the token is for, e.g. “council report”."),
                           error_messages={"required": _("Please give the token a name.")})
    expires_on = forms.DateField(label=_("Valid until (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("The last day on which the token works; empty: until you revoke it."),
                                 error_messages={"invalid": _("Enter the day as a date, e.g. 2030-12-31.")})
