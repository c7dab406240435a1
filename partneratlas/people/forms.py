from django import forms
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
