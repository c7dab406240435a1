"""Names settled by people: aliases remembered from imports, and places proposed for the gazetteer.

A list writes "Taizhou" and means Taizhou in Zhejiang; the uploader says so once in the
reconciliation screen and the alias remembers it (who, when, which file), so the same
list places that row next time. An alias applies to its owner's imports; agency staff can
share it with everyone, or take it back. A partner village that no gazetteer lists is
proposed as a new place; agency staff confirm it, and only then it becomes a municipality.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NameAlias(models.Model):
    class Via(models.TextChoices):
        IMPORT = "import", _("settled in an import")
        STAFF = "staff", _("added by the agency")

    key = models.CharField(max_length=200, help_text="The written name as a search key (normalise.key).")
    written = models.CharField(_("name as written"), max_length=200)
    country = models.ForeignKey("gazetteer.Country", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("country"),
                                help_text="The country the row gave; empty: the row gave none.")
    region_key = models.CharField(max_length=100, blank=True, help_text="The region hint the row gave, as a key.")
    municipality = models.ForeignKey("gazetteer.Municipality", on_delete=models.CASCADE, related_name="aliases",
                                     verbose_name=_("municipality"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", help_text="Whose imports it applies to; empty: everyone's.")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.IMPORT)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text="The file it was settled in.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("remembered name")
        verbose_name_plural = _("remembered names")
        ordering = ["key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "country", "region_key", "owner"], name="alias_unique_per_owner"),
            models.UniqueConstraint(fields=["key", "country", "region_key"], condition=Q(owner=None),
                                    name="alias_unique_shared"),
        ]
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return f"{self.written} → {self.municipality_id}"

    @property
    def shared(self) -> bool:
        return self.owner_id is None


class PlaceProposal(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("waiting for the agency")
        ACCEPTED = "accepted", _("added to the gazetteer")
        MAPPED = "mapped", _("a place already in the gazetteer")
        REJECTED = "rejected", _("not added")

    name = models.CharField(_("name"), max_length=200)
    written = models.CharField(_("name as written"), max_length=200, blank=True)
    country = models.ForeignKey("gazetteer.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    region = models.ForeignKey("gazetteer.Region", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    region_key = models.CharField(max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, default="municipality")
    parent = models.ForeignKey("gazetteer.Municipality", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("part of"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    note = models.TextField(_("note for the agency"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    import_job = models.UUIDField(null=True, blank=True, help_text="The web import it was proposed in.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    municipality = models.ForeignKey("gazetteer.Municipality", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", help_text="The place made of it (or an existing one).")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposed place")
        verbose_name_plural = _("proposed places")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id}, {self.get_state_display()})"
