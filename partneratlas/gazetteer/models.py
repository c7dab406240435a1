"""The gazetteer: countries, first-level regions and municipalities (Kommunen).

Municipality is the glossary's word for every body that can hold a partnership: a town
(Gemeinde, Stadt), a district (Landkreis), a borough (Stadtbezirk), a German Land or a
Chinese province, or a whole country (Rhineland-Palatinate–Rwanda).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.i18n import pick
from partneratlas.provenance import Provenance


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, blank=True)
    continent = models.CharField(max_length=2, blank=True)
    names = models.JSONField(_("names"), default=dict, help_text="{language code: name}")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.code)


class Region(models.Model):
    """First-level administrative region: Bundesland, Chinese province, US state …"""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField(_("GeoNames admin1 code"), max_length=20)
    names = models.JSONField(_("names"), default=dict)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="region_unique_code")]
        ordering = ["country", "code"]

    def __str__(self) -> str:
        return self.name or f"{self.country_id} {self.code}"

    @property
    def name(self) -> str:
        """The region's name in the reader's language; empty where GeoNames gives only a code."""
        return pick(self.names, "")


class Municipality(Provenance):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality or town")
        DISTRICT = "district", _("district")
        BOROUGH = "borough", _("borough")
        COUNTY_CITY = "county_city", _("county-level city")
        COUNTY = "county", _("county")
        STATE = "state", _("state")
        PROVINCE = "province", _("province")
        COUNTRY = "country", _("country")

    ref = models.CharField(
        _("gazetteer reference"),
        max_length=40,
        unique=True,
        help_text="Stable across databases: gn:<GeoNames id>, adm1:<CC>.<code>, country:<CC>, manual:<id>, "
        "and for administrative units ags:<Kreisschlüssel>, cn:<GB/T 2260 code>, iso:<ISO 3166-2>, unit:<CC>.<name>",
    )
    name = models.CharField(_("official name"), max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="municipalities")
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="municipalities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name=_("part of"), help_text="The city a borough belongs to, the state a district lies in.")
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    wikidata_qid = models.CharField(_("Wikidata QID"), max_length=20, blank=True, db_index=True)
    ags = models.CharField(_("AGS (official municipality key)"), max_length=12, blank=True,
                           help_text="Amtlicher Gemeindeschlüssel")
    alternative_names = models.JSONField(_("alternative names"), default=list, blank=True)
    localized_names = models.JSONField(_("names by language"), default=dict, blank=True)
    edited_fields = models.JSONField(default=list, blank=True,
                                     help_text="Fields a person set in the record; a gazetteer reload keeps them.")

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language where known (东莞 in Chinese), else the official one."""
        return pick(self.localized_names, self.name) if self.localized_names else self.name

    @property
    def reference_line(self) -> str:
        """"Wuppertal [gn:2805753]": a member as the editor's form and the importers write it."""
        return f"{self.display_name} [{self.ref}]"


class MunicipalityName(models.Model):
    """One normalised search key of a municipality; the resolution service looks names up here."""

    class Quality(models.IntegerChoices):
        ADDED = 0, _("name added by an administration")  # never outranks another municipality's official name
        BASE = 1, _("name without its qualifier")
        ALTERNATIVE = 2, _("alternative name")
        OFFICIAL = 3, _("official name")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="search_names")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    quality = models.PositiveSmallIntegerField(choices=Quality.choices)

    class Meta:
        indexes = [
            models.Index(fields=["key", "country"]),
            models.Index(fields=["country", "key"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="municipalityname_unique_key")
        ]

    def __str__(self) -> str:
        return self.key


class NameReview(models.Model):
    """A name a person added to a municipality's record, for the agency to confirm or take back."""

    class State(models.TextChoices):
        OPEN = "open", _("to review")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("taken back")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="name_reviews")
    name = models.CharField(_("name"), max_length=200)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("name to review")
        verbose_name_plural = _("names to review")
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="namereview_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.municipality_id}"


class GazetteerLoad(models.Model):
    """One completed load of the offline gazetteer; makes `gazetteer load` idempotent."""

    source = models.CharField(max_length=100)
    loaded_at = models.DateTimeField(auto_now_add=True)
    places = models.PositiveIntegerField()
    names = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.places} places)"


from partneratlas.gazetteer.settled import NameAlias as NameAlias  # noqa: E402  (one app, two modules)
from partneratlas.gazetteer.settled import PlaceProposal as PlaceProposal  # noqa: E402
