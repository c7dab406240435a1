"""One history for every kind of record: each saved state of a partnership, a municipality, …

A revision keeps the whole state after a save, so any two can be compared and any one
restored. It names its record by kind ("partnership", "municipality") and id; the app
that owns the kind registers how to read and describe the state (see kinds.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

VIA = [
    ("edit", _("edited")), ("import", _("imported")), ("revert", _("restored")), ("proposal", _("proposal accepted")),
    ("demo", _("demo data")), ("gazetteer", _("gazetteer")), ("review", _("name review")),
]


class Revision(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    user_deleted = models.BooleanField(default=False, help_text="The author's account has been deleted.")
    author = models.CharField(max_length=200, blank=True,
                              help_text="Who saved when it was not a person: a file, the demo data. Never an address.")
    via = models.CharField(max_length=20, choices=VIA)
    changed = models.JSONField(default=list)  # field names
    state = models.JSONField(default=dict)  # after the change, as the kind encodes it

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("history")
        ordering = ["kind", "object_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "version"], name="history_revision_unique")]
        indexes = [models.Index(fields=["user"], name="history_revision_user")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} v{self.version}"
