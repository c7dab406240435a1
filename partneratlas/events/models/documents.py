"""Documents for participants: visa invitation letters and certificates of attendance."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.events.models.registrations import Registration


def verification_code() -> str:
    return secrets.token_urlsafe(12)


class VisaLetter(models.Model):
    """An invitation letter for a visa application: requested, approved by the organiser, then issued.

    The passport data it needs is stored encrypted and deleted after the edition (`passport_deleted_at`).
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("issued")
        REFUSED = "refused", _("refused")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="visa_letter")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REQUESTED)
    passport = models.TextField(blank=True, help_text="the passport data, encrypted; emptied after the edition")
    passport_deleted_at = models.DateTimeField(null=True, blank=True)
    code = models.CharField(max_length=40, unique=True, default=verification_code)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.state}"


class Certificate(models.Model):
    """A certificate of attendance, issued only to someone who was checked in."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=40, unique=True, default=verification_code)
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self) -> str:
        return self.code
