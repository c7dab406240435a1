"""A person's language for messages, and the record of every message sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """How a person wants to be written to. Set at sign-up from the browser, changed on the account page."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="notification_preference")
    language = models.CharField(_("language of e-mails"), max_length=10,
                                help_text="A code of settings.LANGUAGES, e.g. de, en, zh-hans.")

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Message(models.Model):
    """One e-mail to one address about one event, rendered in the recipient's language when it was queued.

    (event, to) is unique: the same event never queues two messages to the same address, and
    the sending task sends a message only while it is queued, so a retried task sends nothing twice.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    event = models.CharField(max_length=200, help_text="What happened, e.g. people.invitation:12.")
    template = models.CharField(max_length=200)
    to = models.EmailField(_("to"), max_length=254)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=500)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    secret = models.BooleanField(default=False, help_text="Carries a sign-in secret: the bodies are emptied once "
                                                          "sent, only the subject is kept.")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "to"], name="notifications_message_once")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
