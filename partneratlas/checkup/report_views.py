"""The council reports' pages: a partnership's reports (draft PDF and XLSX, issue, list, reopen) and their files.

Who may do what (people.access): the members' administrations and the agency see a partnership's
reports and download the issued files; editors of a member (either side) and agency staff make
drafts, issue and reopen. Files are private: served here, never from MEDIA_URL, with
`Cache-Control: private, no-store`; an issued file as stored (its bytes are those of its hash).
"""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partneratlas.checkup import report_services, services
from partneratlas.checkup.models import CouncilReport, Round
from partneratlas.checkup.reporting import file_name, report_content, report_languages, report_pdf, report_xlsx
from partneratlas.i18n import language_name
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny
from partneratlas.registry.models import Partnership
from partneratlas.site.shortcuts import object_or_404

TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ACTIONS = ("pdf", "xlsx", "issue")


class Reader:
    """A partnership's reports as one person sees them: 404 for an unpublished one they may not see, 403 for
    anyone but the members' administrations and the agency; `may_issue` for editors of a member and the agency."""

    def __init__(self, request: HttpRequest, partnership: Partnership) -> None:
        access = access_of(request.user)
        members = [m.municipality_id for m in partnership.memberships.all()]
        if not access.sees(members, partnership.published):
            raise Http404
        if not access.sees_private(members):
            raise deny(request, f"council reports of partnership {partnership.uid}")
        self.partnership = partnership
        self.may_issue = access.edit_scope(members) is not None


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # a date field reads ISO dates only


class ReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("First day"), widget=DATE,
                            help_text=gettext_lazy("For a calendar year: 1 January."))
    end = forms.DateField(label=gettext_lazy("Last day"), widget=DATE,
                          help_text=gettext_lazy("Only a period that has ended can be issued."))
    language = forms.ChoiceField(label=gettext_lazy("Language of the report"))

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, language_name(code)) for code in languages]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            refusal = report_services.period_refusal(start=data["start"], end=data["end"])
            if refusal is not None:
                self.add_error(refusal.field or None, refusal.message)
        return data


def _initial(language: str, languages: list[str]) -> dict[str, Any]:
    last_year = timezone.localdate().year - 1
    return {"start": datetime.date(last_year, 1, 1), "end": datetime.date(last_year, 12, 31),
            "language": language if language in languages else (languages[0] if languages else "")}


def reports_of(partnership: Partnership) -> list[CouncilReport]:
    return list(CouncilReport.objects.filter(partnership=partnership).select_related(
        "period", "issued_by", "period__reopened_by").order_by("-issued_at", "-pk"))


def section_context(request: HttpRequest, partnership: Partnership, reader: Reader,
                    form: ReportForm | None = None) -> dict[str, Any]:
    """What the "Council reports" section shows (on the check-up page and on the reports page)."""
    languages = report_languages(partnership)
    if form is None:
        form = ReportForm(initial=_initial(request.LANGUAGE_CODE, languages), languages=languages)
    return {"partnership": partnership, "reader": reader, "report_form": form, "reports": reports_of(partnership),
            "report_errors": [(f"id_{name}" if name != "__all__" else "report-form", str(e))
                              for name, errors in form.errors.items() for e in errors]}


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request: HttpRequest, partnership: Partnership, reader: Reader, form: ReportForm | None = None,
          status: int = 200) -> HttpResponse:
    return _private(render(request, "checkup/reports.html", section_context(request, partnership, reader, form),
                           status=status))


def _settle_due(partnership: Partnership) -> None:
    """Rounds whose closing day passed since the daily run are unsealed first, as the check-up page does."""
    for round_ in Round.objects.filter(partnership=partnership, closed_at__isnull=True,
                                       closes_on__lt=timezone.localdate()):
        services.round_settle(round_=round_)


@login_required
def reports_page(request: HttpRequest, uid: Any) -> HttpResponse:
    """GET: the reports. POST: a draft (action pdf or xlsx, a download) or issuing (action issue)."""
    partnership = object_or_404(Partnership.objects.prefetch_related("memberships__municipality"), uid=uid)
    reader = Reader(request, partnership)
    if request.method != "POST":
        return _page(request, partnership, reader)
    if not reader.may_issue:
        raise deny(request, f"council report of partnership {partnership.uid}")
    form = ReportForm(request.POST, languages=report_languages(partnership))
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        form.add_error(None, _("Choose what to do: a draft as PDF or XLSX, or issue the report."))
    if not form.is_valid():
        return _page(request, partnership, reader, form, status=400)
    start, end, language = (form.cleaned_data[k] for k in ("start", "end", "language"))
    _settle_due(partnership)
    today = timezone.localdate()
    if action == "issue":
        try:
            report = report_services.report_issue(partnership=partnership, start=start, end=end, language=language,
                                                  user=request.user, today=today)
        except report_services.ReportRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _page(request, partnership, reader, form, status=400)
        messages.success(request, _("The report %(reference)s is issued: its period is frozen until it is "
                                    "reopened.") % {"reference": report.reference})
        return redirect(reverse("checkup:reports", args=[partnership.uid]) + f"#report-{report.pk}")
    content = report_content(partnership=partnership, start=start, end=end, language=language, today=today,
                             draft=True)
    data = report_pdf(content) if action == "pdf" else report_xlsx(content)
    response = HttpResponse(data, content_type=TYPES[action])
    response["Content-Disposition"] = f'attachment; filename="{file_name(content, action)}"'
    return _private(response)


@login_required
def report_file(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    """An issued report's PDF or XLSX, exactly as stored; a reopened one's named "withdrawn"."""
    report = object_or_404(CouncilReport.objects.select_related("partnership", "period"), pk=pk)
    if fmt not in TYPES:
        raise Http404
    Reader(request, report.partnership)
    stored = report.pdf if fmt == "pdf" else report.xlsx
    try:
        with stored.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    state = "-withdrawn" if report.withdrawn else ""
    name = f"council-report-{report.start.isoformat()}-{report.end.isoformat()}-{report.number}{state}.{fmt}"
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: Any) -> HttpResponse:
    """Reopen an issued report with a reason (its period's activities can be changed again)."""
    report = object_or_404(CouncilReport.objects.select_related("partnership", "period"), pk=pk)
    partnership = report.partnership
    reader = Reader(request, partnership)
    if not reader.may_issue:
        raise deny(request, f"reopen council report {report.pk}")
    try:
        report_services.report_reopen(report=report, reason=request.POST.get("reason", ""), user=request.user)
    except report_services.ReportRefused as exc:
        context = section_context(request, partnership, reader)
        context.update({"reopen_error": exc.message, "reopen_pk": report.pk})
        return _private(render(request, "checkup/reports.html", context, status=400))
    messages.success(request, _("The report %(reference)s is reopened: activities of its period can be changed "
                                "again, and the report can be issued anew.") % {"reference": report.reference})
    return redirect(reverse("checkup:reports", args=[partnership.uid]) + f"#report-{report.pk}")
