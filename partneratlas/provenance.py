"""Provenance fields every registry record carries: where it came from, when last checked."""

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# For admin forms of provenance: a link typed without a scheme is https (Django 6's default).
PROVENANCE_FORMFIELDS: "Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]" = {
    models.URLField: {"assume_scheme": "https"}}


class Provenance(models.Model):
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    verified_on = models.DateField(_("last verified"), null=True, blank=True)

    class Meta:
        abstract = True
