"""Participants' documents: visa invitation letters, certificates of attendance, name badges, verification.

Who sees what: a registration's documents page (and its PDFs) is for the person registered (their
account or their personal link), whoever registered them (a delegation's registrant), and the
edition's organisers; anyone else gets 404, so that no one learns who registered. The organisers'
page of an edition decides the letters, issues certificates and prints the badges. The verification
page is public and shows only that a document is genuine, for whom and for which event.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partneratlas.events import badges, certificates, letters, registering
from partneratlas.events.access import organises, sees_edition
from partneratlas.events.models import Certificate, Edition, Registration, VisaLetter
from partneratlas.gazetteer.models import Country
from partneratlas.i18n import pick
from partneratlas.people.audit import deny
from partneratlas.site.shortcuts import object_or_404

KINDS = ("visa-letter", "certificate")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


def _registrations() -> Any:
    return Registration.objects.select_related("edition__series", "edition__place", "track", "delegation",
                                               "municipality", "country", "visa_letter", "certificate")


def _own(user: Any, registration: Registration) -> bool:
    """The person registered, or whoever registered them, or an organiser of the edition."""
    if not user.is_authenticated:
        return False
    delegation = registration.delegation
    return (user.pk in (registration.user_id, registration.registered_by_id)
            or (delegation is not None and delegation.registered_by_id == user.pk)
            or organises(user, registration.edition))


def registration_by_link(token: str) -> Registration:
    """The registration of a personal link (registering.registration_of_link: its hash, revocable), else 404."""
    found = registering.registration_of_link(token)
    if found is None:
        raise Http404
    return _registrations().get(pk=found.pk)


def _registration(request: HttpRequest, pk: Any) -> Registration:
    registration = object_or_404(_registrations(), pk=pk)
    if not _own(request.user, registration):
        raise Http404
    return registration


def _letter(registration: Registration) -> VisaLetter | None:
    try:
        return registration.visa_letter
    except VisaLetter.DoesNotExist:
        return None


def _certificate(registration: Registration) -> Certificate | None:
    try:
        return registration.certificate
    except Certificate.DoesNotExist:
        return None


class PassportForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name as written in the passport"), max_length=150)
    nationality = forms.ChoiceField(label=gettext_lazy("Nationality"))
    number = forms.CharField(label=gettext_lazy("Passport number"), max_length=30)
    born_on = forms.DateField(label=gettext_lazy("Date of birth"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nationality"]
        assert isinstance(field, forms.ChoiceField)
        language = translation.get_language()
        field.choices = [("", "–"), *sorted(((c.code, pick(c.names, c.code, language)) for c in Country.objects.all()),
                                            key=lambda pair: pair[1])]

    def passport(self) -> letters.Passport:
        data = self.cleaned_data
        return letters.Passport(name=" ".join(data["name"].split()), nationality=data["nationality"],
                                number="".join(data["number"].split()).upper(), born_on=data["born_on"])


def _documents(request: HttpRequest, registration: Registration, *, token: str = "") -> HttpResponse:
    """The documents page (account or personal link): request a letter, download the letter and the certificate."""
    now = timezone.now()
    letter = _letter(registration)
    form = PassportForm(initial={"name": registration.name, "nationality": registration.country_id or ""})
    status = 200
    if request.method == "POST":
        form = PassportForm(request.POST)
        if form.is_valid():
            try:
                letters.letter_request(registration=registration, passport=form.passport(), now=now)
            except letters.DocumentRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your request for an invitation letter has been sent to the organisers."))
                return redirect(request.path)
        status = 400
    edition = registration.edition
    may_request = (registration.state in ("requested", "waiting", "offered", "confirmed") and edition.ends_at > now
                   and (letter is None or letter.state != VisaLetter.State.APPROVED))
    context = {"registration": registration, "edition": edition, "letter": letter, "form": form,
               "may_request": may_request, "attended": certificates.attended(registration),
               "certificate": _certificate(registration), "token": token,
               "passport_gone": letter is not None and letters.passport_of(letter) is None,
               "organiser": organises(request.user, edition)}
    return _private(render(request, "events/documents/documents.html", context, status=status))


def _document(registration: Registration, kind: str) -> HttpResponse:
    """The letter or the certificate as PDF; a refusal (not issued, not attended, data deleted) as a page."""
    try:
        if kind == "visa-letter":
            letter = _letter(registration)
            if letter is None:
                raise Http404
            data = letters.letter_pdf(letter)
        elif kind == "certificate":
            certificate = certificates.certificate_issue(registration=registration, now=timezone.now())
            certificate.registration = registration
            data = certificates.certificate_pdf(certificate)
        else:
            raise Http404
    except letters.DocumentRefused as exc:
        return _private(HttpResponse(exc.message, content_type="text/plain; charset=utf-8", status=409))
    edition = registration.edition
    return _pdf(data, f"{kind}-{edition.starts_at:%Y-%m-%d}-{registration.pk}.pdf")


@login_required
def documents_page(request: HttpRequest, pk: Any) -> HttpResponse:
    return _documents(request, _registration(request, pk))


@login_required
def document_pdf(request: HttpRequest, pk: Any, kind: str) -> HttpResponse:
    return _document(_registration(request, pk), kind)


def link_documents_page(request: HttpRequest, token: str) -> HttpResponse:
    return _documents(request, registration_by_link(token), token=token)


def link_document_pdf(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    return _document(registration_by_link(token), kind)


# -- organisers --------------------------------------------------------------------------------------------------

def _organised(request: HttpRequest, pk: Any) -> Edition:
    edition = object_or_404(Edition.objects.select_related("series", "place"), pk=pk)
    if not sees_edition(request.user, edition):
        raise Http404
    if not organises(request.user, edition):
        raise deny(request, f"documents of edition {edition.pk}")
    return edition


def _manage_context(edition: Edition) -> dict[str, Any]:
    """The letters (passport data decrypted only while a request waits) and the attendees; queries do not grow."""
    rows: list[dict[str, Any]] = []
    for letter in letters.letters_of(edition.pk):
        passport = letters.passport_of(letter) if letter.state == VisaLetter.State.REQUESTED else None
        rows.append({"letter": letter, "passport": passport})
    codes = {row["passport"].nationality for row in rows if row["passport"]}
    names = {c.code: pick(c.names, c.code) for c in Country.objects.filter(code__in=codes)} if codes else {}
    for row in rows:
        code = row["passport"].nationality if row["passport"] else ""
        row["nationality"] = names.get(code, code)
    pending = sum(1 for row in rows if row["letter"].state == VisaLetter.State.REQUESTED)
    return {"edition": edition, "letters": rows, "attendees": list(certificates.attendees_of(edition)),
            "pending": pending}


@login_required
def manage_documents_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The organisers' page: visa letter requests to decide, attendees and their certificates, the badges."""
    edition = _organised(request, pk)
    return _private(render(request, "events/documents/manage.html", _manage_context(edition)))


@login_required
@require_POST
def letter_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    """Approve (action=approve) or refuse (action=refuse, with a reason) a letter request."""
    letter = object_or_404(VisaLetter.objects.select_related("registration__edition__series"), pk=pk)
    edition = _organised(request, letter.registration.edition_id)
    action, now = request.POST.get("action", ""), timezone.now()
    try:
        if action == "approve":
            letters.letter_approve(letter=letter, user=request.user, now=now)
            messages.success(request, _("The invitation letter for %(name)s is issued.") % {
                "name": letter.registration.name})
        elif action == "refuse":
            letters.letter_refuse(letter=letter, user=request.user, reason=request.POST.get("reason", ""), now=now)
            messages.success(request, _("The request of %(name)s is refused.") % {"name": letter.registration.name})
        else:
            raise letters.DocumentRefused(_("Choose whether to issue the letter or to refuse the request."))
    except letters.DocumentRefused as exc:
        context = {**_manage_context(edition), "decide_error": exc.message, "decide_pk": letter.pk}
        return _private(render(request, "events/documents/manage.html", context, status=400))
    return redirect(reverse("events:manage-documents", args=[edition.pk]) + f"#letter-{letter.pk}")


@login_required
@require_POST
def certificates_issue(request: HttpRequest, pk: Any) -> HttpResponse:
    edition = _organised(request, pk)
    made = certificates.certificates_issue_all(edition=edition, now=timezone.now())
    messages.success(request, _("%(count)s certificates issued.") % {"count": made})
    return redirect(reverse("events:manage-documents", args=[edition.pk]) + "#attendees")


@login_required
def badges_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    edition = _organised(request, pk)
    data = badges.badges_pdf(edition=edition, language=translation.get_language() or "de")
    return _pdf(data, f"badges-{edition.starts_at:%Y-%m-%d}-{edition.pk}.pdf")


# -- verification ------------------------------------------------------------------------------------------------

def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a letter or certificate with this code is genuine, for whom and which event; nothing more."""
    found: dict[str, Any] = {}
    if 0 < len(code) <= 40:
        letter = (VisaLetter.objects.select_related("registration__edition__series", "registration__edition__place")
                  .filter(code=code, state=VisaLetter.State.APPROVED).first())
        certificate = None if letter else (
            Certificate.objects.select_related("registration__edition__series", "registration__edition__place",
                                               "registration__track").filter(code=code).first())
        document = letter or certificate
        if document is not None:
            registration = document.registration
            found = {"kind": "letter" if letter else "certificate", "registration": registration,
                     "edition": registration.edition,
                     "issued": letter.decided_at if letter else certificate.issued_at,  # type: ignore[union-attr]
                     "withdrawn": registration.state not in ("confirmed",) and letter is not None}
    status = 200 if found else 404
    response = render(request, "events/documents/verify.html", {**found, "code": code}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
