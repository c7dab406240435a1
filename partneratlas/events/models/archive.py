"""The edition's archive: minutes, slides and photos (with credit, licence and the consent of the people shown)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.events.models.editions import Edition


class EditionFile(models.Model):
    """Minutes, slides or a photo archived with an edition; a photo needs credit, licence and consent."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("minutes")
        SLIDES = "slides", _("slides")
        PHOTO = "photo", _("photo")
        OTHER = "other", _("other document")

    class Audience(models.TextChoices):
        PARTICIPANTS = "participants", _("participants")
        PUBLIC = "public", _("public")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="events/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    consent = models.BooleanField(_("the people shown agreed"), default=False)
    audience = models.CharField(_("shown to"), max_length=12, choices=Audience.choices, default=Audience.PARTICIPANTS)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("archived file")
        verbose_name_plural = _("archived files")
        ordering = ["edition", "kind", "pk"]

    def __str__(self) -> str:
        return self.title
