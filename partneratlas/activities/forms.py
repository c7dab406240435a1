"""The activity form, its files and the checks a person gets in their language before anything is saved."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partneratlas.activities.models import ACTOR_KINDS, ActivityKind, Direction, Media, Visibility
from partneratlas.activities.services import MAX_AHEAD
from partneratlas.registry.importing.parsing import CellError, parse_languages
from partneratlas.uploads import MEDIA_KINDS, check_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def max_file_bytes() -> int:
    """A photo or document: at most ACTIVITY_FILE_MAX_MB (default 10), within the request's limit."""
    mb = min(getattr(settings, "ACTIVITY_FILE_MAX_MB", 10), settings.REQUEST_MAX_MB)
    return int(mb * 1024 * 1024)


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of activity"), queryset=ActivityKind.objects.all(),
                                  to_field_name="code")
    date = forms.DateField(label=_("Date"), widget=DATE, help_text=_("The first day; at most a year ahead."))
    end_date = forms.DateField(label=_("End date"), widget=DATE, required=False,
                               help_text=_("For activities of several days."))
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("", _("does not apply")), *Direction.choices],
                                  help_text=_("For visits and exchanges: seen from the side that logs it."))
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("What happened, what was agreed, what comes next."))
    side = forms.TypedChoiceField(label=_("Logged by"), coerce=int)
    contact_persons = forms.CharField(
        label=_("Contact persons"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names and functions, only with the people's consent; never public."))
    actors = forms.MultipleChoiceField(label=_("Actors of the partnership involved"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    actor_kinds = forms.MultipleChoiceField(label=_("Further kinds of actors involved"), required=False,
                                            choices=ACTOR_KINDS, widget=forms.CheckboxSelectMultiple)
    youth = forms.BooleanField(label=_("Young people took part"), required=False)
    young_people = forms.IntegerField(label=_("Number of young people"), required=False, min_value=0,
                                      max_value=100_000)
    languages = forms.CharField(label=_("Languages used"), required=False, max_length=200,
                                help_text=_("Separated by commas, e.g. “Deutsch, Chinesisch” or “de, zh”."))
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.INTERNAL)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, sides: list[tuple[int, str]], members: list[tuple[int, str]],
                 actors: list[tuple[str, str, str]], today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["side"].choices = [(str(i), n) for i, n in sides]  # type: ignore[attr-defined]
        self.fields["actors"].choices = [(value, label) for value, label, _kind in actors]  # type: ignore[attr-defined]
        self.actor_kinds_of = {value: kind for value, _label, kind in actors}
        self.actor_names = {value: label for value, label, _kind in actors}
        self.count_fields = []
        for mid, name in members:
            key = f"participants_{mid}"
            self.fields[key] = forms.IntegerField(
                label=_("People from %(side)s") % {"side": name}, required=False, min_value=0, max_value=100_000)
            self.count_fields.append((mid, key))

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day > self.today + MAX_AHEAD:
            raise ValidationError(_("The date lies more than a year in the future."))
        return day

    def clean_languages(self) -> list[str]:
        try:
            return parse_languages(self.cleaned_data["languages"])
        except CellError as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date lies before the start date."))
        if data.get("young_people") and not data.get("youth"):
            self.add_error("young_people", _("Young people are counted, but “young people took part” is not "
                                             "ticked."))
        return data

    def participants(self) -> dict[int, int]:
        return {mid: self.cleaned_data[key] for mid, key in self.count_fields if self.cleaned_data.get(key) is not None}

    def actor_rows(self) -> list[tuple[str, str]]:
        named = [(self.actor_kinds_of[v], self.actor_names[v]) for v in self.cleaned_data["actors"]]
        return named + [(k, "") for k in self.cleaned_data["actor_kinds"]]

    def count_bound_fields(self) -> list[forms.BoundField]:
        return [self[key] for _mid, key in self.count_fields]


class FileForm(forms.Form):
    file = forms.FileField(label=_("Photo or document (JPEG, PNG, WebP or PDF)"), required=False)
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    credit = forms.CharField(label=_("Credit (photographer or source)"), required=False, max_length=200)
    licence = forms.CharField(label=_("Licence"), required=False, max_length=100,
                              help_text=_("e.g. “CC BY 4.0” or “all rights reserved, used with permission”."))
    consent = forms.BooleanField(label=_("The people shown agreed that this photo is kept and shown here"),
                                 required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if not upload:
            return data
        try:
            kind = check_upload(upload, max_bytes=max_file_bytes(), kinds=MEDIA_KINDS)
        except ValidationError as exc:
            self.add_error("file", exc)
            return data
        data["media"] = Media.PDF if kind == "pdf" else Media.IMAGE
        data["content_type"] = "application/pdf" if kind == "pdf" else f"image/{kind}"
        if data["media"] == Media.IMAGE:
            if not data.get("consent"):
                self.add_error("consent", _("A photo can be kept only when the people shown agreed: please "
                                            "confirm their consent, or leave the photo out."))
            if not data.get("credit", "").strip():
                self.add_error("credit", _("A photo needs a credit."))
            if not data.get("licence", "").strip():
                self.add_error("licence", _("A photo needs a licence."))
        return data


FileFormSet = forms.formset_factory(FileForm, extra=2, max_num=10)
