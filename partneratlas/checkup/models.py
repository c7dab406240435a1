"""The resilience check-up (Resilienz-Check): rounds of a partnership, answered by each side separately.

A round runs on one published version of the check-up questionnaire. Each side (the German
member and its partner) has its own response in the questionnaire engine. A side answers
in its account, or, for the partner side, through a signed link that expires and can be
revoked: only the hash of the link's token is stored. The answers stay sealed until both
sides have submitted or the round closes; then both responses are locked and the scores
per criterion are kept (`CriterionScore`) for the trend, the peers and the agency's figures.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partneratlas.gazetteer.models import Municipality
from partneratlas.questionnaires.models import Response, Version
from partneratlas.registry.models import ClosedPeriod, Partnership


class Round(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="checkup_rounds")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="checkup_rounds")
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    closes_on = models.DateField(_("closes on"), help_text=_("The last day on which answers can be given."))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True,
                                     help_text="both sides submitted, or the closing day passed: answers unsealed")
    results_public = models.BooleanField(
        default=False, editable=False,
        help_text="every side that submitted agreed to publish the results (shown when the partnership is published)")

    class Meta:
        verbose_name = _("check-up round")
        verbose_name_plural = _("check-up rounds")
        ordering = ["partnership", "-opened_at"]
        indexes = [models.Index(fields=["closed_at", "closes_on"])]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.opened_at:%Y-%m-%d}"

    @property
    def unsealed(self) -> bool:
        return self.closed_at is not None


class Role(models.TextChoices):
    GERMAN = "german", _("German side")
    PARTNER = "partner", _("partner side")


class Side(models.Model):
    """One side of a round: its member municipality, its response, the partner link's hash, its peer opt-in."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sides")
    role = models.CharField(max_length=10, choices=Role.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    response = models.OneToOneField(Response, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    link_hash = models.CharField(max_length=64, blank=True, db_index=True,
                                 help_text="sha256 of the partner link's token; empty: no link or revoked")
    link_issued_at = models.DateTimeField(null=True, blank=True)
    link_email = models.EmailField(_("e-mail address for reminders"), blank=True)
    link_language = models.CharField(_("language of reminders"), max_length=20, blank=True)
    peers_opt_in = models.BooleanField(_("may be named as a peer"), default=False,
                                       help_text=_("Other partnerships may see this side as one to learn from "
                                                   "on its strong criteria."))
    publish_consent = models.BooleanField(_("agrees to publish the results"), default=False,
                                          help_text=_("The round's results (scores, radar, gap; never the answers) "
                                                      "are public once every side that submitted agrees."))

    class Meta:
        verbose_name = _("side of a check-up round")
        verbose_name_plural = _("sides of check-up rounds")
        ordering = ["round", "role"]
        constraints = [models.UniqueConstraint(fields=["round", "role"], name="checkup_side_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.role}"

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.state != Response.State.DRAFT and (
            self.response.submitted_at is not None)


class CriterionScore(models.Model):
    """A criterion's score in an unsealed round, for one side or both together ("both")."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.CharField(max_length=80)
    side = models.CharField(max_length=10)  # german, partner, both
    value = models.FloatField(null=True)
    answers = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "criterion", "side"], name="checkup_score_unique")]
        # "-value, -id" from the top: the peers (selectors.peers_for) and the weakest criteria walk it
        indexes = [models.Index(fields=["criterion", "side", "value", "id"], name="checkup_score_ranking")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.criterion} {self.side}: {self.value}"


class CouncilReport(models.Model):
    """An issued council report (Bericht für den Rat) of a partnership for a period, as PDF and XLSX.

    The files are stored as they were issued, with their SHA-256, and served as stored, never made
    again. Issuing closes the period (`period`, registry/periods.py): activities dated in it are
    frozen until the report is reopened; a reopened report keeps its files, marked as withdrawn,
    and issuing again makes the next `number` for the same period.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="council_reports")
    period = models.OneToOneField(ClosedPeriod, on_delete=models.PROTECT, related_name="council_report")
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    number = models.PositiveIntegerField(_("version"), help_text="1, 2, … for the same partnership and period")
    language = models.CharField(_("language"), max_length=20)
    pdf = models.FileField(upload_to="checkup/reports/%Y/", max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.FileField(upload_to="checkup/reports/%Y/", max_length=200)
    xlsx_sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["partnership", "-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "start", "end", "number"],
                                               name="checkup_report_unique_number")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """How people name the report: its period and version, "2025-01-01–2025-12-31 #2"."""
        return f"{self.start.isoformat()}–{self.end.isoformat()} #{self.number}"

    @property
    def withdrawn(self) -> bool:
        """Reopened: its period is open again; the files stay as issued."""
        return self.period.reopened_at is not None


class WarningState(models.Model):
    """A partnership's early warning as last computed (`warnings.warnings_refresh`): one row per partnership that
    raises a warning, none for the others. The agency's dashboard reads these rows; the daily `checkup warn`
    refreshes all of them, and a change a warning rests on (an activity, the contact persons, an unsealed round)
    refreshes the partnership's row at once."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="warning_state")
    name = models.CharField(max_length=400, help_text="the members' names as the partnership is named, for sorting")
    level = models.CharField(max_length=10)  # watch, risk
    rank = models.PositiveSmallIntegerField(help_text="the level's rank (1 watch, 2 risk), for sorting")
    signals = models.JSONField(default=list)  # the signals' codes, in the order they were raised
    months = models.PositiveIntegerField(null=True, help_text="since the last activity; empty: none logged")
    last_activity = models.DateField(null=True)
    score = models.FloatField(null=True, help_text="the newest unsealed round's, both sides; empty: no round")
    previous = models.FloatField(null=True, help_text="the round before it (same version)")
    computed_on = models.DateField(help_text="the day the warning was computed for")
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["rank", "months"], name="checkup_warning_level")]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.level} {'+'.join(self.signals)}"


class WarningRefresh(models.Model):
    """When the warnings of every partnership were last computed (one row; none: never, as on a fresh install)."""

    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    partnerships = models.PositiveIntegerField(help_text="how many partnerships were looked at")
    warnings = models.PositiveIntegerField(help_text="how many raised a warning")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}: {self.warnings} of {self.partnerships}"
