"""The registry of partnerships (kommunale Partnerschaften) between two or more municipalities."""

import functools
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Country, Municipality, Region
from partneratlas.i18n import pick
from partneratlas.provenance import Provenance


class Vocabulary(models.Model):
    """A term the agency curates, named in every language it is translated into."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text="{language code: name}")
    aliases = models.JSONField(_("other spellings"), default=list, blank=True,
                               help_text=_("Further names an import file may use for this term."))
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.code)


class PartnershipKind(Vocabulary):
    """Städtepartnerschaft, Städtefreundschaft, Projektpartnerschaft … (extendable)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("kind of partnership")
        verbose_name_plural = _("kinds of partnership")


class Topic(Vocabulary):
    """A topic tag beside the SDGs: climate adaptation, digitalisation, youth …"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 SDGs of the 2030 Agenda, by its official number."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    names = models.JSONField(_("names"), default=dict)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.name}"

    @property
    def name(self) -> str:
        return pick(self.names, str(self.number))


class Status(models.TextChoices):
    INITIATING = "initiating", _("initiating")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class Partnership(Provenance):
    uid = models.UUIDField(_("PartnerAtlas id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.ForeignKey(PartnershipKind, on_delete=models.PROTECT, related_name="partnerships",
                             verbose_name=_("kind"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE,
                              help_text=_("The current status; its history is kept in status changes."))
    start_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    sdgs = models.ManyToManyField(SustainableDevelopmentGoal, blank=True, related_name="partnerships",
                                  verbose_name=_("SDGs"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="partnerships", verbose_name=_("topics"))
    working_languages = models.JSONField(_("working languages"), default=list, blank=True,
                                         help_text="ISO 639-1 codes")
    members: "models.ManyToManyField[Municipality, Membership]" = models.ManyToManyField(
        Municipality, through="Membership", related_name="partnerships")
    members_key = models.CharField(max_length=200, db_index=True, editable=False,
                                   help_text="The sorted member ids; finds a partnership by its members.")
    published = models.BooleanField(_("published"), default=True,
                                    help_text=_("Shown to the public (map, search, statistics, open data, API)."))
    internal_notes = models.TextField(_("internal notes"), blank=True,
                                      help_text=_("Seen only by the members' administrations and the agency."))
    version = models.PositiveIntegerField(default=1, editable=False,
                                          help_text="Counts saves; an editor's save names the version it started from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["start_year"]),
                   models.Index(fields=["updated_at"]),
                   models.Index(fields=["id"], condition=models.Q(published=False), name="partnership_unpublished")]

    def __str__(self) -> str:
        return " – ".join(m.municipality.display_name for m in self.memberships.all()) or str(self.uid)


def members_key(municipality_ids: Iterable[int]) -> str:
    """The sorted member ids, "12-345": finds a partnership by its members."""
    return _members_key(frozenset(municipality_ids))


@functools.lru_cache(maxsize=4096)
def _members_key(ids: frozenset[int]) -> str:
    return "-".join(map(str, sorted(ids)))


class Membership(models.Model):
    """A municipality's place in a partnership.

    `country` and `region` copy the municipality's, so that the filters by partner country
    and German state read one index; they are written with the membership (see services)
    and refreshed when the gazetteer is reloaded.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="memberships")
    position = models.PositiveSmallIntegerField(default=0)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               db_index=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["country", "partnership"]), models.Index(fields=["region", "partnership"])]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "municipality"], name="membership_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} in {self.partnership_id}"


class StatusChange(models.Model):
    """The dated history of a partnership's status; the latest entry is its current status."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The exact day, where known."))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "year", "date", "id"]

    def __str__(self) -> str:
        return f"{self.status} {self.date or self.year or ''}".strip()


class CouncilResolution(models.Model):
    """Ratsbeschluss: a council's decision about the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="council_resolutions")
    date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reference}".strip()


class ActorKind(models.TextChoices):
    PARTNERSHIP_ASSOCIATION = "partnership_association", _("partnership association")
    ASSOCIATION = "association", _("association or initiative")
    SCHOOL = "school", _("school or kindergarten")
    UNIVERSITY = "university", _("university or research institute")
    COMPANY = "company", _("company")
    MIGRANT_ORGANISATION = "migrant_organisation", _("migrant organisation")
    DEPARTMENT = "department", _("municipal department")
    MAYORS_OFFICE = "mayors_office", _("mayor's office")
    COUNCIL = "council", _("council")
    OTHER = "other", _("other")


class Actor(models.Model):
    """Who carries a partnership besides the town hall: an association, a school, a company …

    `municipality` is the side the actor belongs to (one of the partnership's members), where known.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actors")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of actor"), max_length=30, choices=ActorKind.choices, default=ActorKind.OTHER)
    role = models.CharField(_("role"), max_length=200, blank=True,
                            help_text=_("What the actor does in the partnership, e.g. “organises the youth exchange”."))
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("side"))

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["partnership", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """Who to talk to about a partnership on one side. Personal data: never public, kept with consent only."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("side"))
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True, help_text="ISO 639-1 codes")
    consent_on = models.DateField(_("consent recorded on"),
                                  help_text=_("The day the person agreed to be listed here."))
    consent_note = models.CharField(_("how consent was given"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["partnership", "id"]

    def __str__(self) -> str:
        return self.name


class ClosedPeriod(models.Model):
    """A period of a partnership closed by an issued report (a council report of the check-up): the activities
    dated in it are frozen until the period is reopened, with a reason. Rules and writes: `registry/periods.py`."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="closed_periods")
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    reference = models.CharField(_("reference"), max_length=200,
                                 help_text="What closed the period, as people name it (the report's reference).")
    closed_at = models.DateTimeField(_("closed"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["partnership", "start", "id"]
        indexes = [models.Index(fields=["partnership", "start"], condition=models.Q(reopened_at__isnull=True),
                                name="closed_period_active")]
        constraints = [models.CheckConstraint(condition=models.Q(start__lte=models.F("end")),
                                              name="closed_period_start_before_end")]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.start.isoformat()}–{self.end.isoformat()}"

    @property
    def closed(self) -> bool:
        return self.reopened_at is None
