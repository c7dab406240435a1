"""Forms of registration: one person, a delegation's delegates, and the person's own changes."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partneratlas.events.models import Edition, Track
from partneratlas.events.registering import CONSENT, Person
from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.notifications.selectors import supported
from partneratlas.uploads import MEDIA_KINDS, check_upload

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class CountryField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class TrackField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


def _countries() -> Any:
    return Country.objects.all()


class ConsentFields(forms.Form):
    """What the participant list may show (each person's own choice; nothing by default)."""

    show_name = forms.BooleanField(label=_("Show my name in the participant list"), required=False)
    show_organisation = forms.BooleanField(label=_("Show my organisation"), required=False)
    show_municipality = forms.BooleanField(label=_("Show my municipality"), required=False)
    show_photo = forms.BooleanField(label=_("Show my photo"), required=False)


class PersonForm(ConsentFields):
    """One participant: the individual form, and each row of a delegation."""

    track = TrackField(label=_("Track"), queryset=Track.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    language = forms.ChoiceField(label=_("Language for messages and documents"), choices=_language_choices)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    partner_delegate = forms.BooleanField(label=_("Partner delegate from abroad"), required=False,
                                          help_text=_("A representative of a partner municipality abroad."))
    country = CountryField(label=_("Country"), queryset=Country.objects.none(), required=False,
                           help_text=_("Where the partner delegate comes from."))
    visa_needed = forms.BooleanField(label=_("Needs a visa to enter Germany"), required=False)

    field_order = ["track", "name", "email", "language", "organisation_name", "partner_delegate", "country",
                   "visa_needed", *CONSENT]

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        tracks = edition.tracks.all()
        self.fields["track"].queryset = tracks  # type: ignore[attr-defined]
        self.fields["country"].queryset = _countries()  # type: ignore[attr-defined]
        self.fields["language"].initial = supported(get_language())
        if len(tracks) == 1:
            self.fields["track"].initial = tracks[0].pk
        if edition.partner_regions_only:
            self.fields["country"].help_text = _(
                "This conference admits partner delegates from the countries of its region that receive official "
                "development assistance (OECD DAC list); for another country the organisers decide.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("partner_delegate") and self.edition.partner_regions_only and not data.get("country"):
            self.add_error("country", _("Please name the partner delegate's country."))
        return data

    def person(self, *, municipality: Municipality | None = None) -> Person:
        data = self.cleaned_data
        return Person(name=data["name"], email=data["email"], language=data["language"],
                      organisation_name=data.get("organisation_name", ""), municipality=municipality,
                      country=data.get("country"), partner_delegate=bool(data.get("partner_delegate")),
                      visa_needed=bool(data.get("visa_needed")), **{k: bool(data.get(k)) for k in CONSENT})


class DelegationForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(),
                                          empty_label=None)
    note = forms.CharField(label=_("Note to the organisers"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class DelegateForm(PersonForm):
    """A row of the delegation; an empty row is left out."""

    use_required_attribute = False


class BaseDelegates(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        self.edition = edition
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "edition": self.edition}

    @property
    def empty_form(self) -> Any:
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, edition=self.edition, renderer=self.renderer)  # type: ignore[attr-defined]


DelegateFormSet = forms.formset_factory(DelegateForm, formset=BaseDelegates, extra=3, max_num=40, validate_max=True,
                                        min_num=1, validate_min=True)


class ChangeForm(ConsentFields):
    """The person's own changes by their link: language, visa need, what the participant list shows."""

    language = forms.ChoiceField(label=_("Language for messages and documents"), choices=_language_choices)
    visa_needed = forms.BooleanField(label=_("Needs a visa to enter Germany"), required=False)
    photo = forms.FileField(label=_("Photo for the participant list"), required=False,
                            help_text=_("JPEG, PNG or WebP, at most 5 MB; shown only if you tick “Show my photo”."))
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    field_order = ["language", "visa_needed", *CONSENT, "photo", "remove_photo"]

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        if upload:
            kind = check_upload(upload, max_bytes=PHOTO_MAX_BYTES, kinds=MEDIA_KINDS)
            if kind == "pdf":
                raise forms.ValidationError(_("Please upload a photo (JPEG, PNG or WebP)."))
        return upload
