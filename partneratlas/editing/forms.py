"""The partnership editor's forms. Text fields read like the import's cells, with the same parsers."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.registry.importing.parsing import CellError, parse_languages, parse_resolutions
from partneratlas.registry.models import (
    ActorKind,
    PartnershipKind,
    Status,
    SustainableDevelopmentGoal,
    Topic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_REF = re.compile(r"\[([a-z0-9]+:[\w.\-]+)\]\s*$|^([a-z0-9]+:[\w.\-]+)$", re.IGNORECASE)


def _resolve_member(line: str, resolver: Resolver) -> int:
    match = _REF.search(line.strip())
    if match:
        ref = match[1] or match[2]
        found = Municipality.objects.filter(ref=ref).values_list("id", flat=True).first()
        if found is None:
            raise ValidationError(_("“%(ref)s” is not a place in the gazetteer.") % {"ref": ref})
        return found
    name, _sep, country = line.rpartition(",") if "," in line else (line, "", "")
    result = resolver.resolve(name.strip(), country.strip() or None)
    if result.placed and result.municipality_id:
        return result.municipality_id
    choices = "; ".join(c.describe(resolver.region_names()) for c in result.candidates[:5])
    raise ValidationError(_("“%(line)s”: %(reason)s %(choices)s") % {
        "line": line.strip(), "reason": result.reason, "choices": choices})


class PartnershipForm(forms.Form):
    """Everything about a partnership except its actors and contacts (formsets below)."""

    members = forms.CharField(
        label=_("Members"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One municipality per line: its name and country (“Taizhou, China”) or its reference in "
                    "square brackets, as the search shows it."))
    kind = forms.ModelChoiceField(label=_("Kind of partnership"), queryset=PartnershipKind.objects.all(),
                                  to_field_name="code")
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    status_since = forms.DateField(widget=DATE, label=_("Status since"), required=False,
                                   help_text=_("When the status changed; only needed when you change it."))
    start_year = forms.IntegerField(label=_("Since (year)"), required=False, min_value=1000, max_value=2100)
    signed_on = forms.DateField(widget=DATE, label=_("Signed on"), required=False)
    council_resolutions = forms.CharField(
        label=_("Council resolutions"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: the date and the reference, e.g. “2019-03-12 Drucksache 123/19”."))
    topics = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Topic.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    sdgs = forms.ModelMultipleChoiceField(label=_("Sustainable Development Goals"), required=False,
                                          queryset=SustainableDevelopmentGoal.objects.all(),
                                          widget=forms.CheckboxSelectMultiple)
    working_languages = forms.CharField(label=_("Working languages"), required=False, max_length=200,
                                        help_text=_("Separated by commas, e.g. “Deutsch, Chinesisch” or “de, zh”."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    internal_notes = forms.CharField(label=_("Internal notes"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Seen only by the members' administrations and the agency."))
    source = forms.CharField(label=_("Source"), required=False, max_length=500)
    source_url = forms.URLField(label=_("Source (link)"), required=False, max_length=500, assume_scheme="https")
    verified = forms.BooleanField(label=_("I have checked this record today"), required=False)
    published = forms.BooleanField(label=_("Published"), required=False,
                                   help_text=_("Shown on the map, in search, statistics, open data and the API."))
    version = forms.CharField(widget=forms.HiddenInput, required=False)  # read by the view (_version)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sdgs"].label_from_instance = lambda sdg: f"{sdg.number}. {sdg.name}"  # type: ignore[attr-defined]

    def clean_members(self) -> list[int]:
        resolver = Resolver()
        ids, errors = [], []
        for line in self.cleaned_data["members"].splitlines():
            if line.strip():
                try:
                    ids.append(_resolve_member(line, resolver))
                except ValidationError as exc:
                    errors.append(exc)
        if errors:
            raise ValidationError(errors)
        if len(set(ids)) < 2:
            raise ValidationError(_("A partnership needs at least two different members."))
        if len(set(ids)) < len(ids):
            raise ValidationError(_("The same municipality is named twice."))
        return ids

    def _cell(self, name: str, parser: Any) -> Any:
        try:
            return parser(self.cleaned_data[name])
        except CellError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_working_languages(self) -> list[str]:
        return self._cell("working_languages", parse_languages)

    def clean_council_resolutions(self) -> list[tuple[Any, str]]:
        lines = [line for line in self.cleaned_data["council_resolutions"].splitlines() if line.strip()]
        parsed = parse_resolutions("; ".join(lines))
        if len(parsed) < len(lines):
            raise ValidationError(_("Every line needs a date first, e.g. “2019-03-12 Drucksache 123/19”."))
        return parsed

    def clean_signed_on(self) -> Any:
        signed = self.cleaned_data["signed_on"]
        if signed and signed > timezone.localdate():
            raise ValidationError(_("The signing date lies in the future."))
        return signed


class ActorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of actor"), choices=ActorKind.choices, initial=ActorKind.ASSOCIATION)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    side = forms.TypedChoiceField(label=_("Side"), required=False, coerce=int, empty_value=None)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    languages = forms.CharField(label=_("Languages spoken"), max_length=200, required=False,
                                help_text=_("e.g. “Deutsch, Chinesisch, Englisch”"))
    side = forms.TypedChoiceField(label=_("Side"), required=False, coerce=int, empty_value=None)
    consent_on = forms.DateField(widget=DATE, label=_("Consent recorded on"),
                                 help_text=_("Contact persons are listed only with their consent."))
    consent_note = forms.CharField(label=_("How consent was given"), max_length=200, required=False)

    def clean_languages(self) -> list[str]:
        try:
            return parse_languages(self.cleaned_data["languages"])
        except CellError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_consent_on(self) -> Any:
        consent = self.cleaned_data["consent_on"]
        if consent > timezone.localdate():
            raise ValidationError(_("The consent date lies in the future."))
        return consent


ActorFormSet = forms.formset_factory(ActorForm, extra=2, can_delete=True, max_num=50)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True, max_num=20)


def side_choices(formset: forms.BaseFormSet,  # type: ignore[type-arg]
                 sides: list[tuple[int, str]], fixed: bool) -> None:
    """Offer the members as sides; a partner-side editor must name their own side."""
    choices = ([] if fixed else [("", _("—"))]) + [(str(i), n) for i, n in sides]
    for form in [*formset.forms, formset.empty_form]:
        form.fields["side"].choices = choices
        form.fields["side"].required = fixed
        if fixed and len(sides) == 1:  # the only choice: an empty extra row with it is still empty
            form.fields["side"].initial = str(sides[0][0])
