"""Writes of the council reports: issue (store both files with their hashes, close the period), reopen.

Issuing and reopening are atomic and keyword-only; a refusal raises ReportRefused with a message
in the reader's language (the form shows it, nothing is written). Both record a revision of the kind
"council-report" in the shared history: who, when, and, for a reopening, why.
"""

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.checkup.models import CouncilReport
from partneratlas.checkup.reporting import LONGEST_PERIOD, report_content, report_languages, report_pdf, report_xlsx
from partneratlas.history.kinds import Author, Line, RecordKind, State
from partneratlas.history.services import revision_add
from partneratlas.i18n import language_name
from partneratlas.registry.models import Partnership
from partneratlas.registry.periods import period_close, period_reopen

HISTORY_KIND = "council-report"


class ReportRefused(Exception):
    """The report cannot be made, issued or reopened; `field` names the form field ("" for the whole form)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def period_refusal(*, start: datetime.date, end: datetime.date) -> ReportRefused | None:
    """What is wrong with a period for any report (a draft too), or None."""
    if start > end:
        return ReportRefused("end", _("The last day lies before the first day."))
    if end - start > LONGEST_PERIOD:
        return ReportRefused("end", _("A report covers at most six years."))
    return None


def language_refusal(*, partnership: Partnership, language: str) -> ReportRefused | None:
    if language not in report_languages(partnership):
        return ReportRefused("language", _("The report cannot be made in this language: choose one of the languages "
                                           "offered."))
    return None


def who(user: Any) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return str(user.get_full_name() or user.email or user.get_username())


def state_of(report: CouncilReport) -> State:
    """What the history keeps of a report: its period, version, files' hashes, and whether and why it was reopened."""
    period = report.period
    return {"partnership_id": report.partnership_id, "start": report.start.isoformat(),
            "end": report.end.isoformat(), "number": report.number, "language": report.language,
            "pdf_sha256": report.pdf_sha256, "xlsx_sha256": report.xlsx_sha256,
            "state": "reopened" if period.reopened_at else "issued",
            "reopened_at": period.reopened_at.isoformat() if period.reopened_at else None,
            "reopen_reason": period.reopen_reason}


def _forget(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


def report_issue(*, partnership: Partnership, start: datetime.date, end: datetime.date, language: str, user: Any,
                 today: datetime.date, now: datetime.datetime | None = None) -> CouncilReport:
    """Issue the report: both files made once, stored with their SHA-256, the period closed; returns the report.

    Refused when the period is wrong, has not ended yet (its last day after `today`), the language
    is not offered, or the same period has an issued report that was not reopened. Side effects:
    two files under MEDIA_ROOT/checkup/reports/<year>/ (removed again when the issuing fails), a
    closed period (registry/periods.py: the period's activities are frozen), a revision.
    """
    refusal = period_refusal(start=start, end=end) or language_refusal(partnership=partnership, language=language)
    if refusal is None and end > today:
        refusal = ReportRefused("end", _("Only a period that has ended can be issued: choose a last day no later "
                                         "than today. A draft can be made for any period."))
    if refusal is not None:
        raise refusal
    at = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            return _issue(partnership, start, end, language, user, today, at, stored)
    except BaseException:
        _forget(stored)
        raise


def _issue(partnership: Partnership, start: datetime.date, end: datetime.date, language: str, user: Any,
           today: datetime.date, at: datetime.datetime, stored: list[str]) -> CouncilReport:
    Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("pk", flat=True).first()
    same = CouncilReport.objects.filter(partnership=partnership, start=start, end=end)
    if same.filter(period__reopened_at__isnull=True).exists():
        raise ReportRefused("", _("A report for this period is issued already. To issue it again, reopen it "
                                  "first, giving a reason."))
    number = (same.aggregate(n=Max("number"))["n"] or 0) + 1
    reference = f"{start.isoformat()}–{end.isoformat()} #{number}"
    period = period_close(partnership=partnership, start=start, end=end, reference=reference, user=user, now=at)
    content = report_content(partnership=partnership, start=start, end=end, language=language, today=today,
                             draft=False, reference=reference, issued_by=who(user), now=at)
    files = {}
    for suffix, data in (("pdf", report_pdf(content)), ("xlsx", report_xlsx(content))):
        path = default_storage.save(f"checkup/reports/{at:%Y}/{uuid.uuid4().hex}.{suffix}", ContentFile(data))
        stored.append(path)
        files[suffix] = (path, hashlib.sha256(data).hexdigest())
    report = CouncilReport.objects.create(
        partnership=partnership, period=period, start=start, end=end, number=number, language=language,
        pdf=files["pdf"][0], pdf_sha256=files["pdf"][1], xlsx=files["xlsx"][0], xlsx_sha256=files["xlsx"][1],
        issued_at=at, issued_by=user if user is not None and user.pk else None)
    revision_add(kind=HISTORY_KIND, object_id=report.pk, state=state_of(report), changed=list(state_of(report)),
                 author=Author("edit", user), version=1)
    return report


@transaction.atomic
def report_reopen(*, report: CouncilReport, reason: str, user: Any,
                  now: datetime.datetime | None = None) -> CouncilReport:
    """Reopen an issued report: its period's activities can be changed again; its files stay as issued (marked
    withdrawn). Refused without a reason or when it is reopened already. Side effect: a revision with who, when
    and why."""
    report = CouncilReport.objects.select_for_update(of=("self",)).select_related("period").get(pk=report.pk)
    if report.period.reopened_at is not None:
        raise ReportRefused("", _("This report has been reopened already."))
    if not reason.strip():
        raise ReportRefused("reason", _("Give the reason for reopening the report."))
    report.period = period_reopen(period=report.period, reason=reason[:2000], user=user, now=now)
    revision_add(kind=HISTORY_KIND, object_id=report.pk, state=state_of(report),
                 changed=["state", "reopened_at", "reopen_reason"], author=Author("edit", user))
    return report


class CouncilReportRecord(RecordKind):
    """A council report's history: issued, then perhaps reopened. Not restored: a report is issued again."""

    name = HISTORY_KIND

    def lines(self, state: State) -> list[Line]:
        states = {"issued": _("issued"), "reopened": _("reopened: withdrawn")}
        return [
            Line(_("Period"), f"{state.get('start', '')} – {state.get('end', '')}"),
            Line(_("Version"), str(state.get("number", ""))),
            Line(_("Language"), language_name(str(state.get("language", "")))),
            Line("PDF SHA-256", str(state.get("pdf_sha256", ""))),
            Line("XLSX SHA-256", str(state.get("xlsx_sha256", ""))),
            Line(_("State"), str(states.get(state.get("state", ""), ""))),
            Line(_("Reason for reopening"), str(state.get("reopen_reason") or "")),
        ]

    def references(self, object_ids: Iterable[int]) -> dict[int, str]:
        return {r.pk: r.reference for r in CouncilReport.objects.filter(pk__in=list(object_ids))}

    def restore(self, *, object_id: int, state: State, author: Author) -> None:
        raise NotImplementedError("a council report is issued again, never restored from its history")
