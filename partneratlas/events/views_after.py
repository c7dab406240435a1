"""Pages after the edition: the feedback survey (attendees) and its results (organisers); the archive.

Attendees answer with their account or by their invitation's personal link; everyone else gets
"not found" for the survey. Organisers (events.access.organises) open the survey, invite the
attendees, read the results, and upload or remove archived files. A file is served to whoever
events.archive.files_for allows, else "not found".
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.events import archive, feedback
from partneratlas.events.access import organises
from partneratlas.events.hosting import HostingRefused
from partneratlas.events.models import Edition, EditionFile, Registration
from partneratlas.people.audit import deny
from partneratlas.questionnaires.answering import answer_form, answer_handle
from partneratlas.questionnaires.selectors import answers_of
from partneratlas.site.shortcuts import object_or_404
from partneratlas.uploads import MEDIA_KINDS, check_upload

REFERRER = "same-origin"  # the personal link's token never leaves the site


def max_file_bytes() -> int:
    from django.conf import settings

    mb = min(getattr(settings, "EVENTS_FILE_MAX_MB", 20), settings.REQUEST_MAX_MB)
    return int(mb * 1024 * 1024)


class FileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (PDF, JPEG, PNG or WebP)"))
    kind = forms.ChoiceField(label=gettext_lazy("What it is"), choices=EditionFile.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    language = forms.CharField(label=gettext_lazy("Language of the document"), required=False, max_length=10,
                               help_text=gettext_lazy("A language code such as de, en or zh-hans; empty for photos."))
    audience = forms.ChoiceField(label=gettext_lazy("Shown to"), choices=EditionFile.Audience.choices,
                                 widget=forms.RadioSelect, initial=EditionFile.Audience.PARTICIPANTS)
    credit = forms.CharField(label=gettext_lazy("Credit (photographer or source)"), required=False, max_length=200)
    licence = forms.CharField(label=gettext_lazy("Licence"), required=False, max_length=100,
                              help_text=gettext_lazy("e.g. “CC BY 4.0” or “all rights reserved, used with "
                                                     "permission”."))
    consent = forms.BooleanField(label=gettext_lazy("The people shown agreed that this photo is kept and shown "
                                                    "here"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.upload_kind = check_upload(upload, max_bytes=max_file_bytes(), kinds=MEDIA_KINDS)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = getattr(self, "upload_kind", None)
        if kind is None:
            return data
        if kind != "pdf":
            if not data.get("consent"):
                self.add_error("consent", _("A photo can be kept only when the people shown agreed: please "
                                            "confirm their consent, or leave the photo out."))
            for name, message in (("credit", _("A photo needs a credit.")), ("licence", _("A photo needs a licence."))):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        elif data.get("kind") == EditionFile.Kind.PHOTO:
            self.add_error("kind", _("A photo must be a JPEG, PNG or WebP image."))
        return data


def _edition(request: HttpRequest, pk: Any, *, organiser: bool = False) -> Edition:
    edition = object_or_404(Edition.objects.select_related("series", "feedback"), pk=pk)
    if organiser and not organises(request.user, edition):
        if edition.state == Edition.State.DRAFT:
            raise Http404
        raise deny(request, f"edition {edition.pk}: organisers only")
    return edition


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- the survey ---------------------------------------------------------------------------------------


def _answer(request: HttpRequest, registration: Registration, *, here: str) -> HttpResponse:
    now = timezone.now()
    edition = registration.edition
    try:
        response = feedback.response_for(registration=registration, language=get_language() or "de", now=now)
    except HostingRefused as exc:
        return _private(render(request, "events/after/feedback_closed.html", {"edition": edition,
                                                                              "message": exc.message}))
    if request.method == "POST" and feedback.is_open(edition, now):
        qform, outcome = answer_handle(request, response=response, now=now)
        if outcome:
            messages.success(request, _("Thank you: your feedback has been submitted.") if outcome == "submitted"
                             else _("Your answers have been saved. You can continue later."))
            return redirect(here)
    else:
        qform = answer_form(response.version, response.language, answers=answers_of(response),
                            editable=response.state == response.State.DRAFT and feedback.is_open(edition, now))
        qform.save_label, qform.submit_label = _("Save and continue later"), _("Submit the feedback")
    result = render(request, "events/after/feedback.html", {"edition": edition, "qform": qform,
                                                            "response": response},
                    status=400 if request.method == "POST" and qform.errors else 200)
    result["Referrer-Policy"] = REFERRER
    return _private(result)


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in attendee's feedback; anyone who did not attend gets "not found"."""
    edition = _edition(request, pk)
    registration = feedback.attendee_of(request.user, edition)
    if registration is None:
        raise Http404
    registration.edition = edition
    return _answer(request, registration, here=request.path)


def survey_by_link(request: HttpRequest, token: str) -> HttpResponse:
    registration = feedback.registration_by_token(token)
    if registration is None:
        raise Http404
    return _answer(request, registration, here=request.path)


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk, organiser=True)
    now = timezone.now()
    return _private(render(request, "events/after/results.html", {
        "edition": edition, "results": feedback.results(edition, language=get_language() or "de"),
        "open": feedback.is_open(edition, now), "days": feedback.FEEDBACK_DAYS}))


@login_required
@require_POST
def survey_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the edition its survey and invite the attendees who have not been invited yet."""
    edition = _edition(request, pk, organiser=True)
    feedback.survey_open(edition=edition)
    edition.refresh_from_db()
    try:
        count = feedback.survey_invite(edition=edition, now=timezone.now())
    except HostingRefused as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("%(count)d attendees have been invited to the feedback survey.")
                         % {"count": count})
    return redirect("events:feedback_results", pk=edition.pk)


# --- the archive --------------------------------------------------------------------------------------


@login_required
def archive_manage(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk, organiser=True)
    form = FileForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = archive.NewFile(upload=d["file"], kind=form.upload_kind, file_kind=d["kind"], title=d["title"],
                              audience=d["audience"], language=d["language"].strip().lower(), credit=d["credit"],
                              licence=d["licence"], consent=d["consent"])
        try:
            archive.file_add(edition=edition, new=new, user=request.user, now=timezone.now())
        except (HostingRefused, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("“%(title)s” has been archived with the edition.") % {"title": d["title"]})
            return redirect("events:archive_manage", pk=edition.pk)
    return _private(render(request, "events/after/archive.html", {
        "edition": edition, "form": form, "files": list(archive.files_for(request.user, edition, organiser=True))},
        status=400 if form.errors else 200))


@login_required
@require_POST
def archive_remove(request: HttpRequest, pk: int) -> HttpResponse:
    file = object_or_404(EditionFile.objects.select_related("edition__series"), pk=pk)
    _edition(request, file.edition_id, organiser=True)
    archive.file_remove(file=file)
    messages.success(request, _("“%(title)s” has been removed from the archive.") % {"title": file.title})
    return redirect("events:archive_manage", pk=file.edition_id)


def archive_file(request: HttpRequest, pk: int) -> FileResponse:
    """An archived file, to whoever may see it; everyone else gets "not found"."""
    file = object_or_404(EditionFile.objects.select_related("edition__series"), pk=pk)
    if not archive.may_see(request.user, file):
        raise Http404
    try:
        handle = file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=file.content_type, filename=file.name,
                            as_attachment=file.content_type == "application/pdf" and bool(request.GET.get("download")))
    public = file.audience == EditionFile.Audience.PUBLIC and file.edition.state != Edition.State.DRAFT
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
