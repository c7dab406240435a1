"""Proposals from anyone, and the reminders sent about records nobody has checked for a year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.models import Partnership


class Proposal(models.Model):
    """A correction of a partnership, or a partnership the registry lacks, sent by anyone."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        MISSING = "missing", _("missing partnership")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="proposals")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="proposals", verbose_name=_("municipality"))
    partners = models.TextField(_("partner municipalities"), blank=True)
    message = models.TextField(_("what should change"))
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("your e-mail address"), blank=True)
    language = models.CharField(max_length=10, default="de")
    sender = models.CharField(max_length=64, blank=True, help_text="A keyed hash of the sender's address, "
                                                                     "for the rate limit; never the address.")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def member_ids(self) -> list[int]:
        if self.partnership_id:
            return list(self.partnership.memberships.values_list("municipality_id", flat=True))  # type: ignore[union-attr]
        return [self.municipality_id] if self.municipality_id else []


class Reminder(models.Model):
    """A reminder e-mail to an administration about its partnerships that nobody has checked."""

    organisation = models.ForeignKey("people.Organisation", on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    partnerships = models.PositiveIntegerField()
    recipients = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.sent_at:%Y-%m-%d}"
