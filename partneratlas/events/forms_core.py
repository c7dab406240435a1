"""The organisers' forms: series, edition, clone, track, programme item, rotation exception, network.

Texts the organisers write are kept per language (German, English, Chinese: `<name>_de`, `_en`, `_zh`).
Dates and times are entered in the edition's own time zone and stored in UTC.
"""

import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partneratlas.events.models import Edition, Format, Level, ListVisibility, Network, Series, Track, WorldRegion
from partneratlas.events.networks import NetworkError, places_of
from partneratlas.gazetteer.models import Municipality
from partneratlas.i18n import pick
from partneratlas.people.models import Organisation
from partneratlas.questionnaires.selectors import current_version_for

TEXT_LANGUAGES = (("de", _("German")), ("en", _("English")), ("zh", _("Chinese")))
EDITION_LANGUAGES = (("de", _("German")), ("en", _("English")), ("zh", _("Chinese")), ("fr", _("French")),
                     ("es", _("Spanish")), ("pt", _("Portuguese")), ("ru", _("Russian")), ("uk", _("Ukrainian")),
                     ("ar", _("Arabic")))
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def per_language(form: forms.Form, stem: str, label: Any, *, long: bool = False, required_one: bool = False) -> None:
    """Add `<stem>_de`, `<stem>_en`, `<stem>_zh` fields."""
    for code, language in TEXT_LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput
        form.fields[f"{stem}_{code}"] = forms.CharField(label=f"{label} ({language})", required=False,
                                                        max_length=5000 if long else 200, widget=widget)
    if required_one:
        form.fields[f"{stem}_de"].help_text = _("At least the German or the English text.")


def texts(data: dict[str, Any], stem: str) -> dict[str, str]:
    return {code: data[f"{stem}_{code}"].strip() for code, _l in TEXT_LANGUAGES
            if data.get(f"{stem}_{code}", "").strip()}


def text_initial(values: dict[str, str], stem: str) -> dict[str, str]:
    return {f"{stem}_{code}": values.get(code, "") for code, _l in TEXT_LANGUAGES}


class PlaceField(forms.CharField):
    """A municipality of the gazetteer, written as “Duisburg” or “Windhoek [gn:3352136]”."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("A German municipality's name, or a place with its reference: "
                                         "“Windhoek [gn:3352136]”."))
        super().__init__(max_length=250, **kwargs)

    def clean(self, value: Any) -> Municipality | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            found = places_of(text)
        except NetworkError as exc:
            raise ValidationError(exc.message) from exc
        return found[0]


def local_datetime(day: datetime.date, time: datetime.time, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(zone)).astimezone(datetime.UTC)


def criterion_choices() -> list[tuple[str, str]]:
    """The criteria of the check-up's current questionnaire version, "c08: Knowledge management", in the reader's
    language (read through the questionnaire engine, which the check-up builds on)."""
    version = current_version_for("checkup")
    if version is None:
        return []
    language = get_language() or "de"
    found = []
    for section in version.sections.order_by("order", "pk"):
        code = (section.meta or {}).get("criterion")
        if isinstance(code, str):
            titles = section.title if isinstance(section.title, dict) else {}
            found.append((code, f"{code}: {pick(titles, code, language)}"))
    return sorted(found)


class SeriesForm(forms.Form):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=50,
                           help_text=_("Letters, digits and hyphens, e.g. round-table-china."))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("none")), *Level.choices], required=False)
    region = forms.ChoiceField(label=_("World region"), choices=[("", _("none")), *WorldRegion.choices],
                               required=False)
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.order_by("slug"), required=False)
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.order_by("name"))
    every_years = forms.IntegerField(label=_("Held every … years"), min_value=1, max_value=20, required=False,
                                     help_text=_("Leave empty for a series without a rotation."))
    anchor_year = forms.IntegerField(label=_("First year of the rotation"), min_value=1900, max_value=2200,
                                     required=False)
    criteria = forms.MultipleChoiceField(
        label=_("Check-up criteria this series helps with"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("A partnership whose check-up shows one of them as weak is offered the series' next editions."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        per_language(self, "name", _("Name"), required_one=True)
        per_language(self, "description", _("Description"), long=True)
        cast(forms.ChoiceField, self.fields["criteria"]).choices = criterion_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_de") or data.get("name_en")):
            self.add_error("name_de", _("Give the series a name in German or English."))
        if data.get("every_years") and not data.get("anchor_year"):
            self.add_error("anchor_year", _("A rotation needs its first year."))
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"slug": d["slug"], "format": d["format"], "level": d["level"] or "", "region": d["region"] or "",
                "network": d["network"], "organiser": d["organiser"], "names": texts(d, "name"),
                "descriptions": texts(d, "description"), "every_years": d["every_years"] or None,
                "anchor_year": d["anchor_year"] if d["every_years"] else None, "criteria": list(d["criteria"])}

    @staticmethod
    def initial_of(series: Series) -> dict[str, Any]:
        return {"slug": series.slug, "format": series.format, "level": series.level, "region": series.region,
                "network": series.network_id, "organiser": series.organiser_id, "every_years": series.every_years,
                "anchor_year": series.anchor_year, "criteria": series.criteria, **text_initial(series.names, "name"),
                **text_initial(series.descriptions, "description")}


class EditionForm(forms.Form):
    """An edition's details; `new` adds the seats of its first track."""

    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999, required=False,
                                help_text=_("The 6th round table: 6."))
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/Berlin")
    start_day = forms.DateField(label=_("First day"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME, initial=datetime.time(9, 0))
    end_day = forms.DateField(label=_("Last day"), widget=DATE)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME, initial=datetime.time(17, 0))
    place = PlaceField(label=_("Place"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online access"), required=False, assume_scheme="https")
    host = PlaceField(label=_("Host municipality"), required=False)
    host_organisation = forms.ModelChoiceField(label=_("Host organisation"), required=False,
                                               queryset=Organisation.objects.order_by("name"),
                                               help_text=_("Its editors may organise this edition."))
    languages = forms.MultipleChoiceField(label=_("Languages of the edition"), choices=EDITION_LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple, initial=["de"])
    registration_opens = forms.DateField(label=_("Registration opens"), widget=DATE, required=False)
    registration_closes = forms.DateField(label=_("Registration closes (last day)"), widget=DATE, required=False)
    needs_approval = forms.BooleanField(label=_("Registrations need the organiser's approval"), required=False)
    partner_regions_only = forms.BooleanField(
        label=_("Partner delegates only from the region's ODA countries"), required=False)
    participant_list = forms.ChoiceField(label=_("Participant list"), choices=ListVisibility.choices)

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
        self.fields["time_zone"].choices = [(z, z) for z in zones]  # type: ignore[attr-defined]
        per_language(self, "title", _("Title"))
        for code, _l in TEXT_LANGUAGES:
            self.fields[f"title_{code}"].help_text = _("Empty: the series' name.")
        per_language(self, "description", _("Description"), long=True)
        if new:
            self.fields["capacity"] = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100_000, initial=100)
            self.fields["reserved"] = forms.IntegerField(
                label=_("Seats reserved for partner delegates"), min_value=0, max_value=100_000, initial=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            zone = data["time_zone"]
            ZoneInfo(zone)
        except (KeyError, ZoneInfoNotFoundError, ValueError):
            return data
        data["starts_at"] = local_datetime(data["start_day"], data["start_time"], zone)
        data["ends_at"] = local_datetime(data["end_day"], data["end_time"], zone)
        if data["ends_at"] < data["starts_at"]:
            self.add_error("end_day", _("The edition cannot end before it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, or the online access for an online edition."))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Registration cannot close before it opens."))
        if "reserved" in self.fields and data.get("reserved", 0) > data.get("capacity", 0):
            self.add_error("reserved", _("There cannot be more reserved seats than seats."))
        return data

    def values(self) -> dict[str, Any]:
        d, zone = self.cleaned_data, self.cleaned_data["time_zone"]
        opens, closes = d.get("registration_opens"), d.get("registration_closes")
        values = {
            "number": d["number"], "titles": texts(d, "title"), "descriptions": texts(d, "description"),
            "starts_at": d["starts_at"], "ends_at": d["ends_at"], "time_zone": zone, "place_id": getattr(
                d["place"], "pk", None), "venue": d["venue"], "address": d["address"], "online_url": d["online_url"],
            "host_id": getattr(d["host"], "pk", None),
            "host_organisation_id": getattr(d["host_organisation"], "pk", None),
            "languages": list(d["languages"]),
            "registration_opens": local_datetime(opens, datetime.time(0, 0), zone) if opens else None,
            "registration_closes": local_datetime(closes, datetime.time(23, 59), zone) if closes else None,
            "needs_approval": d["needs_approval"], "partner_regions_only": d["partner_regions_only"],
            "participant_list": d["participant_list"]}
        if "capacity" in self.fields:
            values |= {"capacity": d["capacity"], "reserved": d["reserved"]}
        return values

    @staticmethod
    def initial_of(edition: Edition) -> dict[str, Any]:
        zone = ZoneInfo(edition.time_zone)
        start, end = edition.starts_at.astimezone(zone), edition.ends_at.astimezone(zone)
        opens = edition.registration_opens.astimezone(zone).date() if edition.registration_opens else None
        closes = edition.registration_closes.astimezone(zone).date() if edition.registration_closes else None
        return {"number": edition.number, "time_zone": edition.time_zone, "start_day": start.date(),
                "start_time": start.time(), "end_day": end.date(), "end_time": end.time(),
                "place": edition.place.reference_line if edition.place else "", "venue": edition.venue,
                "address": edition.address, "online_url": edition.online_url,
                "host": edition.host.reference_line if edition.host else "",
                "host_organisation": edition.host_organisation_id, "languages": edition.languages,
                "registration_opens": opens, "registration_closes": closes, "needs_approval": edition.needs_approval,
                "partner_regions_only": edition.partner_regions_only, "participant_list": edition.participant_list,
                **text_initial(edition.titles, "title"), **text_initial(edition.descriptions, "description")}


class CloneForm(forms.Form):
    starts_on = forms.DateField(label=_("First day of the new edition"), widget=DATE)


class TrackForm(forms.Form):
    capacity = forms.IntegerField(label=_("Seats"), min_value=0, max_value=100_000)
    reserved = forms.IntegerField(label=_("Seats reserved for partner delegates"), min_value=0, max_value=100_000,
                                  initial=0)
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=99, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        per_language(self, "name", _("Name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data["reserved"] > data["capacity"]:
            self.add_error("reserved", _("There cannot be more reserved seats than seats."))
        return data

    @staticmethod
    def initial_of(track: Track) -> dict[str, Any]:
        return {"capacity": track.pool.capacity, "reserved": track.pool.reserved, "position": track.position,
                **text_initial(track.names, "name")}


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none(), required=False,
                                   empty_label=_("all participants"))
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    speakers = forms.CharField(label=_("Speakers"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One per line: name, organisation."))
    languages = forms.MultipleChoiceField(label=_("Spoken in"), choices=EDITION_LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple, required=False)
    interpretation = forms.CharField(label=_("Interpretation"), required=False, max_length=200,
                                     help_text=_("Language pairs, e.g. “de-zh, en-zh”."))

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["track"].queryset = edition.tracks.all()  # type: ignore[attr-defined]
        per_language(self, "title", _("Title"), required_one=True)
        per_language(self, "description", _("Description"), long=True)

    def clean_interpretation(self) -> list[list[str]]:
        pairs = []
        known = {code for code, _l in EDITION_LANGUAGES}
        for part in self.cleaned_data["interpretation"].replace(";", ",").split(","):
            if not part.strip():
                continue
            pair = [p.strip().lower() for p in part.split("-")]
            if len(pair) != 2 or not set(pair) <= known or pair[0] == pair[1]:
                raise ValidationError(_("Write language pairs as two codes with a hyphen, e.g. “de-zh”."))
            pairs.append(pair)
        return pairs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_de") or data.get("title_en")):
            self.add_error("title_de", _("Give the session a title in German or English."))
        return data

    def values(self) -> dict[str, Any]:
        d, zone = self.cleaned_data, self.edition.time_zone
        return {"titles": texts(d, "title"), "descriptions": texts(d, "description"),
                "starts_at": local_datetime(d["day"], d["start_time"], zone),
                "ends_at": local_datetime(d["day"], d["end_time"], zone), "track": d["track"], "room": d["room"],
                "speakers": d["speakers"], "languages": list(d["languages"]), "interpretation": d["interpretation"]}


class RotationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    due = forms.ChoiceField(label=_("In this year the series is"), widget=forms.RadioSelect, choices=[
        ("due", _("due, against the rule")), ("not_due", _("not due, against the rule")),
        ("rule", _("as the rule says (remove the exception)"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NetworkForm(forms.Form):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=50)
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=Organisation.objects.order_by("name"),
                                         required=False)
    municipalities = forms.CharField(label=_("Member municipalities"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 6}),
                                     help_text=_("One per line: a German municipality's name, or a place with its "
                                                 "reference, e.g. “Wuppertal [gn:2805753]”."))
    organisations = forms.ModelMultipleChoiceField(label=_("Member organisations"), required=False,
                                                   queryset=Organisation.objects.order_by("name"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        per_language(self, "name", _("Name"), required_one=True)
        per_language(self, "description", _("Description"), long=True)

    def clean_municipalities(self) -> list[Municipality]:
        try:
            return places_of(self.cleaned_data["municipalities"])
        except NetworkError as exc:
            raise ValidationError(exc.message) from exc
