"""Networks, series and the rotation of the regional conferences; the list of countries that receive ODA."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.i18n import pick
from partneratlas.people.models import Organisation


class Format(models.TextChoices):
    ROUND_TABLE = "round_table", _("round table")
    TRAINING = "training", _("training")
    REGIONAL_CONFERENCE = "regional_conference", _("regional partnership conference")
    PARTNERSHIP_CONFERENCE = "partnership_conference", _("partnership conference")
    SDG_CONFERENCE = "sdg_conference", _("SDG partnership conference")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    OTHER = "other", _("other event")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("beginners")
    ADVANCED = "advanced", _("advanced")


class WorldRegion(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    LATIN_AMERICA = "latin_america", _("Latin America")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")


class Network(models.Model):
    """Municipalities and organisations that meet regularly, e.g. the NRW municipalities with partners in China."""

    slug = models.SlugField(unique=True)
    names = models.JSONField(_("name"), default=dict, help_text="{language: name}")
    descriptions = models.JSONField(_("description"), default=dict, blank=True, help_text="{language: text}")
    coordinator = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="coordinated_networks", verbose_name=_("coordinator"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.slug)


class NetworkMember(models.Model):
    """A municipality or an organisation in a network (one of the two)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="networks", verbose_name=_("municipality"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="networks", verbose_name=_("organisation"))
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False) | models.Q(organisation__isnull=False),
                name="events_network_member_is_someone"),
            models.UniqueConstraint(fields=["network", "municipality"], name="events_network_municipality_once"),
            models.UniqueConstraint(fields=["network", "organisation"], name="events_network_organisation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.municipality_id or ''}{self.organisation_id or ''}"


class Series(models.Model):
    """A recurring event (round table China, training for beginners, regional conference Africa …).

    A series with `every_years` recurs on a rotation: it is due in the years `anchor_year + k × every_years`
    unless a `RotationOverride` says otherwise for a year.
    """

    slug = models.SlugField(unique=True)
    format = models.CharField(_("format"), max_length=30, choices=Format.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    region = models.CharField(_("world region"), max_length=20, choices=WorldRegion.choices, blank=True,
                              help_text=_("For regional conferences: partners come from this region's ODA countries."))
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="series",
                                verbose_name=_("network"))
    names = models.JSONField(_("name"), default=dict, help_text="{language: name}")
    descriptions = models.JSONField(_("description"), default=dict, blank=True, help_text="{language: text}")
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="event_series",
                                  verbose_name=_("organiser"))
    every_years = models.PositiveSmallIntegerField(_("every … years"), null=True, blank=True)
    anchor_year = models.PositiveSmallIntegerField(_("first year of the rotation"), null=True, blank=True)
    criteria = models.JSONField(
        _("check-up criteria it helps with"), default=list, blank=True,
        help_text="codes of the resilience check-up's criteria (c08 …): its upcoming editions are offered as support "
                  "to partnerships weak on them")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["format", "slug"]
        constraints = [models.CheckConstraint(
            condition=models.Q(every_years__isnull=True) | models.Q(anchor_year__isnull=False),
            name="events_series_rotation_has_anchor")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.slug)


class RotationOverride(models.Model):
    """An exception to a series' rotation: due (or not) in a year against the rule."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rotation_overrides")
    year = models.PositiveSmallIntegerField(_("year"))
    due = models.BooleanField(_("due in this year"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="events_rotation_override_once")]

    def __str__(self) -> str:
        return f"{self.series_id} {self.year}: {self.due}"


class OdaCountry(models.Model):
    """A country on the OECD DAC list of ODA recipients, for a span of years; the agency keeps the list."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(_("world region"), max_length=20, choices=WorldRegion.choices)
    valid_from = models.DateField(_("on the list from"), default=datetime.date(2024, 1, 1))
    valid_until = models.DateField(_("on the list until"), null=True, blank=True)

    class Meta:
        verbose_name = _("ODA recipient country")
        verbose_name_plural = _("ODA recipient countries")
        ordering = ["region", "country"]
        constraints = [models.UniqueConstraint(fields=["country", "valid_from"], name="events_oda_country_once")]

    def __str__(self) -> str:
        return f"{self.country_id} ({self.region})"
