"""An edition of a series: when, where, who hosts, in which languages; its tracks (with seats) and programme."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.capacity.models import Pool
from partneratlas.events.models.series import Series
from partneratlas.gazetteer.models import Municipality
from partneratlas.i18n import pick
from partneratlas.people.models import Organisation
from partneratlas.questionnaires.models import Version


class ListVisibility(models.TextChoices):
    HIDDEN = "hidden", _("hidden: organisers only")
    PARTICIPANTS = "participants", _("shown to the confirmed participants")
    PUBLIC = "public", _("public")


class Edition(models.Model):
    """One occurrence of a series: the 6th round table China, 22–23 June 2022 in Duisburg.

    Times are stored in UTC and shown in the edition's `time_zone`. `sequence` counts the changes
    that calendars must pick up (the .ics SEQUENCE); `uid` is the calendar's stable id.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="editions", verbose_name=_("series"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True,
                                              help_text=_("The 6th round table: 6."))
    titles = models.JSONField(_("title"), default=dict, blank=True, help_text="{language: title}; empty: the series'")
    descriptions = models.JSONField(_("description"), default=dict, blank=True, help_text="{language: text}")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    place = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("place"), help_text=_("Empty for an online edition."))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online access"), blank=True)
    host = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="hosted_editions", verbose_name=_("host municipality"))
    host_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="hosted_editions", verbose_name=_("host organisation"))
    languages = models.JSONField(_("languages"), default=list, help_text="language codes spoken or interpreted")
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    needs_approval = models.BooleanField(_("registrations need the organiser's approval"), default=False)
    partner_regions_only = models.BooleanField(
        _("partner delegates only from the region's ODA countries"), default=False)
    participant_list = models.CharField(_("participant list"), max_length=20, choices=ListVisibility.choices,
                                        default=ListVisibility.HIDDEN)
    questions = models.ForeignKey(Version, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("registration questions"))
    feedback = models.ForeignKey(Version, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("feedback survey"))
    cloned_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones")
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["state", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                              name="events_edition_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.titles) or self.series.name


class Track(models.Model):
    """A part of an edition with its own seats (the whole edition, or the beginners' track of a training)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tracks")
    names = models.JSONField(_("name"), default=dict, help_text="{language: name}")
    position = models.PositiveSmallIntegerField(default=0)
    pool = models.OneToOneField(Pool, on_delete=models.PROTECT, related_name="+",
                                help_text="the seats: capacity, seats reserved for partner delegates, offers")

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["edition", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or next(iter(self.names.values()), "") or str(_("whole event"))


class Session(models.Model):
    """An item of the programme: a talk, a workshop, a panel; in a room, with speakers and languages."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    titles = models.JSONField(_("title"), default=dict, help_text="{language: title}")
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line: name, organisation."))
    languages = models.JSONField(_("languages"), default=list, help_text="language codes spoken")
    interpretation = models.JSONField(_("interpretation"), default=list, blank=True,
                                      help_text='language pairs interpreted, e.g. [["de", "zh"]]')

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["edition", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """In the reader's language, else English, else the language it was written in."""
        return pick(self.titles) or next(iter(self.titles.values()), "")
