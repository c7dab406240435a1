"""An import uploaded through the web: the file, its preview, the confirmation and the result."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class State(models.TextChoices):
        CHECKING = "checking", _("checking the rows")
        CHECKED = "checked", _("waiting for confirmation")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    RUNNING = (State.CHECKING, State.IMPORTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/", blank=True)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    language = models.CharField(max_length=10, default="de")
    all_or_nothing = models.BooleanField(default=False)
    kind = models.ForeignKey("registry.PartnershipKind", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", help_text="For new partnerships whose row names no kind.")
    country = models.CharField(max_length=2, blank=True, help_text="The first member's country when the file "
                               "has no column for it.")
    notes = models.JSONField(default=list)  # what the import assumed for the whole file
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    counts = models.JSONField(default=dict)
    rows = models.JSONField(default=list)  # the row report: row, status, action, partnership, reason, candidates
    ignored_columns = models.JSONField(default=list)
    new_topics = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("web import")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING
