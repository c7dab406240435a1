"""The activity log of a partnership: visits, meetings, workshops, exchanges … logged by either side.

An activity belongs to a partnership and names the member that logged it (its side). Its
actors are kept as written at the time (name and kind), not as links to the registry's
actors, which a save of the partnership replaces. Files are checked uploads (images and
PDF); a photo needs credit, licence and the consent of the people shown.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.models import ActorKind, Partnership, Vocabulary


class ActivityKind(Vocabulary):
    """Delegation visit, video meeting, workshop, youth exchange … (the agency extends the list)."""

    directed = models.BooleanField(_("has a direction"), default=False,
                                   help_text=_("To the partner, from the partner or both ways (visits, exchanges)."))

    class Meta(Vocabulary.Meta):
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")


# The registry's kinds of actor, and municipal companies, which act in a partnership's activities
# without being one of its standing actors.
MUNICIPAL_COMPANY = "municipal_company"
ACTOR_KINDS: list[tuple[str, Any]] = [(code, label) for code, label in ActorKind.choices if code != ActorKind.OTHER]
ACTOR_KINDS += [(MUNICIPAL_COMPANY, _("municipal company")), (ActorKind.OTHER.value, ActorKind.OTHER.label)]


class Direction(models.TextChoices):
    TO_PARTNER = "to_partner", _("to the partner")
    FROM_PARTNER = "from_partner", _("from the partner")
    BOTH = "both", _("both ways")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public: on the partnership's page")
    INTERNAL = "internal", _("internal: the members' administrations and the agency")


class Activity(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="activities")
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="activities",
                             verbose_name=_("kind of activity"))
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language of the text"), max_length=10, default="de",
                                help_text="The author's language, in which title and note are written.")
    side = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("logged by"))
    participants = models.JSONField(_("participants per side"), default=dict, blank=True,
                                    help_text='{"<municipality id>": number}; a side not counted is absent.')
    contact_persons = models.TextField(_("contact persons"), blank=True,
                                       help_text=_("Names and functions; never public."))
    youth = models.BooleanField(_("young people took part"), default=False)
    young_people = models.PositiveIntegerField(_("number of young people"), null=True, blank=True)
    languages = models.JSONField(_("languages used"), default=list, blank=True, help_text="ISO 639-1 codes")
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.INTERNAL)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partnership", "date"], name="activity_partnership_date"),
                   models.Index(fields=["date"], name="activity_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.title}"

    @property
    def public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class ActivityActor(models.Model):
    """An actor involved: a named actor with its kind, or only a kind (“schools”)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="actors")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of actor"), max_length=30, choices=ACTOR_KINDS)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["activity", "position", "id"]
        indexes = [models.Index(fields=["kind", "activity"], name="activity_actor_kind")]

    def __str__(self) -> str:
        return self.name or self.kind


class Media(models.TextChoices):
    IMAGE = "image", _("photo")
    PDF = "pdf", _("document (PDF)")


class Attachment(models.Model):
    """A photo or document of an activity. A photo without consent is never shown to the public."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="activities/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    media = models.CharField(max_length=10, choices=Media.choices)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    consent = models.BooleanField(_("the people shown agreed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def public_ok(self) -> bool:
        """Whether the public may see the file (when its activity is public): a photo only with consent."""
        return self.media != Media.IMAGE or self.consent
