"""Provenance fields every registry record carries: where it came from, when last checked."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provenance(models.Model):
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    verified_on = models.DateField(_("last verified"), null=True, blank=True)

    class Meta:
        abstract = True
