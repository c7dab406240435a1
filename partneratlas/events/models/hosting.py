"""Calls for hosts: municipalities apply to host an edition, agency staff review with weighted scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.events.models.editions import Edition
from partneratlas.events.models.series import Series
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Organisation
from partneratlas.questionnaires.models import Response, Version


class HostCall(models.Model):
    """'Come to us if you want to host': a call for the edition of a series in a year.

    `criteria` are the reviewers' weighted criteria: [{"code": "venue", "names": {lang: text}, "weight": 2}].
    """

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="host_calls")
    year = models.PositiveSmallIntegerField(_("year of the edition"))
    edition = models.ForeignKey(Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="host_calls")
    form = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+", verbose_name=_("application form"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    criteria = models.JSONField(_("review criteria"), default=list)
    chosen = models.OneToOneField("HostApplication", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for hosts")
        verbose_name_plural = _("calls for hosts")
        ordering = ["-year", "series"]
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="events_host_call_once")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"


class HostApplication(models.Model):
    """A municipal administration's application to host (Bewerbung), answered with the call's form."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        CHOSEN = "chosen", _("chosen")
        NOT_CHOSEN = "not_chosen", _("not chosen")
        WITHDRAWN = "withdrawn", _("withdrawn")

    call = models.ForeignKey(HostCall, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="host_applications")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host application")
        verbose_name_plural = _("host applications")
        ordering = ["call", "submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "organisation"], name="events_host_application_once")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.call_id}, {self.state})"


class Review(models.Model):
    """One reviewer's scores (per criterion code, 0–5) and comment on an application."""

    application = models.ForeignKey(HostApplication, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                 help_text="empty once the reviewer's account is deleted; the scores stay")
    scores = models.JSONField(default=dict)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="events_review_once")]

    def __str__(self) -> str:
        return f"review {self.pk} of application {self.application_id}"
