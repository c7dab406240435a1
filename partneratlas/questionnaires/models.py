"""Versioned questionnaires (Fragebögen): sections, items, responses and answers stored as codes.

Texts are dicts {language code: text}, so a partner language beyond the interface's three
(fr, es, pt, uk, …) is content, added without code or translators. A version lists its
languages in fallback order; it is frozen once any answer exists (`frozen_at`): its
structure and the texts of the languages it had then stay as they were; a new content
language may still be added. Answers hold language-neutral values (a scale level, option
codes, a number, an ISO date, a text); "not applicable" is its own answer, never a zero.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

Texts = dict[str, str]


class Questionnaire(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    purpose = models.SlugField(_("purpose"), max_length=40, blank=True,
                               help_text="what uses it: checkup, event-feedback, registration, eligibility, intake …")
    title = models.JSONField(_("title"), default=dict, help_text="{language: text}, from the newest version")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Version(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    languages = models.JSONField(_("languages"), default=list, help_text="fallback order, e.g. [de, en, zh-hans]")
    frozen_languages = models.JSONField(default=list, help_text="languages whose texts can no longer change")
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    cloned_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True, help_text="the first answer: no edits after it")

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique")]

    def __str__(self) -> str:
        return f"{self.questionnaire.code} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class Section(models.Model):
    """A part of a version; two levels at most (the check-up: parts → criteria)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.SlugField(_("code"), max_length=80)
    order = models.PositiveIntegerField(default=0)
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    meta = models.JSONField(default=dict, blank=True, help_text="for the capability that uses it (criterion, part …)")

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="questionnaire_section_unique")]

    def __str__(self) -> str:
        return self.code


class Item(models.Model):
    """One question. Its settings depend on its kind (levels of a scale, options of a choice …)."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("scale")
        CHOICE = "choice", _("choice")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        TEXT = "text", _("text")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=80)
    order = models.PositiveIntegerField(default=0, help_text="place within the whole version")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help"), default=dict, blank=True)
    minimum = models.FloatField(null=True, blank=True, help_text="scale: lowest level; number: smallest value")
    maximum = models.FloatField(null=True, blank=True)
    levels = models.JSONField(default=dict, blank=True, help_text='scale: {"0": {language: descriptor}, …}')
    options = models.JSONField(default=list, blank=True, help_text='choice: [{"code": …, "label": {…}}]')
    multiple = models.BooleanField(default=False, help_text="choice: more than one option")
    unit = models.JSONField(default=dict, blank=True, help_text="number: {language: unit}")
    required = models.BooleanField(default=False)
    allow_not_applicable = models.BooleanField(default=False)
    evidence = models.BooleanField(default=False, help_text="room for evidence text beside the answer")
    meta = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="questionnaire_item_unique")]

    def __str__(self) -> str:
        return self.code

    @property
    def option_codes(self) -> list[str]:
        return [o["code"] for o in self.options]


class Response(models.Model):
    """One filling-in of a version, for a subject the using capability names ("checkup-round:12/side:de")."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being answered")
        SUBMITTED = "submitted", _("submitted")
        LOCKED = "locked", _("locked")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="responses")
    subject = models.CharField(max_length=200, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="questionnaire_responses")
    language = models.CharField(_("language"), max_length=20)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.version})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True, help_text="level, option code(s), number, ISO date or text")
    not_applicable = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="questionnaire_answer_unique")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.value}"
