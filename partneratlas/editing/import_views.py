"""Web import pages: upload, the row report of the check, confirm or cancel, the result."""

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.editing.imports import import_cancel, import_confirm, import_start, max_bytes, progress_of
from partneratlas.editing.models import ImportJob
from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny
from partneratlas.registry.importing.causes import grouped
from partneratlas.registry.importing.importer import STATUSES, RowReport
from partneratlas.registry.importing.report import write_report_rows
from partneratlas.registry.models import PartnershipKind
from partneratlas.site.access import edits_a_municipality
from partneratlas.uploads import check_upload

ROWS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV, Excel or JSON)"))
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Kind of partnership for rows that name none"), queryset=PartnershipKind.objects.all(),
        required=False, empty_label=gettext_lazy("As the file says; otherwise “Not yet classified”"),
        help_text=gettext_lazy("Partnerships already in the registry keep their kind."))
    country = forms.ChoiceField(label=gettext_lazy("Country of the first member, if the file has no column for it"),
                                required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = sorted(((c.code, c.name) for c in Country.objects.all()), key=lambda c: c[1])
        self.fields["country"].choices = countries  # type: ignore[attr-defined]  # a ChoiceField

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        check_upload(upload, max_bytes=max_bytes())
        return upload


def _importer(request: HttpRequest) -> Access:
    access = access_of(request.user)
    if not edits_a_municipality(access):
        raise deny(request, "web import: not an editor of a municipality")
    return access


def _job(request: HttpRequest, job_id: str, access: Access) -> ImportJob:
    try:
        job = ImportJob.objects.get(pk=job_id)
    except (ImportJob.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    if job.user_id != request.user.pk and not access.staff:
        raise deny(request, f"import {job_id}")
    return job


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    access = _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None, initial={"country": _own_country(access)})
    if request.method == "POST":
        if form.is_valid():
            job = import_start(upload=form.cleaned_data["file"], user=request.user, language=get_language(),
                               kind=form.cleaned_data["kind"], country=form.cleaned_data["country"])
            return redirect("editing:import", job_id=job.pk)
        messages.error(request, _("The file has not been accepted: see the reason below."))
    jobs = ImportJob.objects.all() if access.staff else ImportJob.objects.filter(user_id=int(request.user.pk or 0))
    return render(request, "editing/import_upload.html", {
        "form": form, "jobs": jobs.defer("rows")[:20], "limit": max_bytes(), "access": access})


def _own_country(access: Access) -> str:
    """The uploader's own municipality's country; the agency's: the registry's."""
    own = Municipality.objects.filter(id__in=access.own).values_list("country_id", flat=True).first()
    return own or settings.REGISTRY_COUNTRY


@login_required
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job(request, job_id, _importer(request))
    progress = progress_of(job) if job.running else None
    context = {"job": job, "progress": progress, "percent": int(100 * progress[0] / progress[1])
               if progress and progress[1] else None}
    if request.headers.get("HX-Request"):
        if job.running:
            return render(request, "editing/_import_progress.html", context)
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the finished report is a whole page
        return response
    problems = request.GET.get("rows") != "all"
    rows = sorted(job.rows, key=lambda r: (STATUSES.index(r["status"]), r["row"])) if problems else job.rows
    if problems:
        rows = [r for r in rows if r["status"] != "placed" or r["action"] in ("create", "update")]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    labels = _labels()
    page.object_list = [{**r, "label": labels[r["action"] if r["status"] == "placed" else r["status"]]}
                        for r in page.object_list]
    counts = job.counts
    return render(request, "editing/import_job.html", {
        **context, "page": page, "problems": problems, "causes": grouped(job.rows),
        "summary": [(label, counts.get(key, 0), key) for key, label in labels.items() if counts.get(key)]})


def _labels() -> dict[str, str]:
    return {"": "", "create": _("new partnerships"), "update": _("changed partnerships"), "unchanged": _("unchanged"),
            "ambiguous": _("ambiguous"), "not_found": _("not found"), "invalid": _("invalid")}


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job(request, job_id, _importer(request))
    if request.POST.get("action") == "cancel":
        import_cancel(job)
        messages.info(request, _("The import has been cancelled; the file has been deleted."))
    else:
        import_confirm(job, all_or_nothing=request.POST.get("all_or_nothing") == "on")
    return redirect("editing:import", job_id=job.pk)


@login_required
def report(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job(request, job_id, _importer(request))
    handle = io.StringIO()
    handle.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    write_report_rows((RowReport(**r) for r in job.rows), handle)
    response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-report-{job.pk}.csv"'
    return response
