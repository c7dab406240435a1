"""Registration pages: register (a person, a delegation), the delegation page, the personal link, the
participant list, and the organiser's list of registrations (approve, reject, cancel).

Who may do what: anyone registers while registration is open (signed in: prefilled); editors of a
German municipality's administration register its delegation and see it; the personal link (no
account) opens one registration; organisers (events.access.organises) see and decide on all of an
edition's registrations.
"""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.capacity.models import Claim
from partneratlas.events import participants, registering
from partneratlas.events.access import organises
from partneratlas.events.forms_registration import ChangeForm, DelegateFormSet, DelegationForm, PersonForm
from partneratlas.events.models import ACTIVE_STATES, Delegation, Edition, Registration
from partneratlas.events.registering import CONSENT, Refused
from partneratlas.events.selectors import edition_for
from partneratlas.gazetteer.models import Municipality
from partneratlas.notifications.selectors import language_of
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny
from partneratlas.people.models import Organisation
from partneratlas.site.shortcuts import object_or_404

REFERRER = "same-origin"  # the personal link never leaves the site in a Referer header
STATES = ["requested", "waiting", "offered", "confirmed", "cancelled", "declined", "expired", "rejected"]


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = REFERRER
    return response


def edition_url(edition: Edition) -> str:
    try:
        return reverse("events:edition", args=[edition.pk])
    except NoReverseMatch:  # the core part's page; absent, the box links nowhere
        return ""


def _open_edition(request: HttpRequest, pk: Any) -> Edition:
    return edition_for(request.user, pk)


def register_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """One person registers, signed in (name and address prefilled) or not."""
    edition = _open_edition(request, pk)
    now = timezone.now()
    user = request.user if request.user.is_authenticated else None
    initial: dict[str, Any] = {}
    if user is not None:
        initial = {"name": user.get_full_name() or user.username, "email": user.email, "language": language_of(user)}
    form = PersonForm(request.POST or None, edition=edition, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            registration = registering.registration_create(
                edition=edition, track=form.cleaned_data["track"], person=form.person(), user=user, now=now)
        except Refused as exc:
            error = exc.message
        else:
            return redirect("events:registration-link", registering.link_token(registration))
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "events/registration/register.html", {
        "edition": edition, "form": form, "error": error, "open": registering.is_open(edition, now),
        "edition_url": edition_url(edition)}, status=status))


def _delegating_municipalities(request: HttpRequest) -> Any:
    """The German municipalities whose administration the user edits (a delegation's own side)."""
    return Municipality.objects.filter(pk__in=access_of(request.user).own).order_by("name")


@login_required
def delegation_new(request: HttpRequest, pk: Any) -> HttpResponse:
    """A municipality's editor registers its delegation: own staff and partners from abroad."""
    edition = _open_edition(request, pk)
    municipalities = _delegating_municipalities(request)
    if not municipalities.exists():
        raise deny(request, f"register a delegation for edition {edition.pk}")
    now = timezone.now()
    data = request.POST or None
    form = DelegationForm(data, municipalities=municipalities)
    delegates = DelegateFormSet(data, edition=edition, prefix="delegates")  # type: ignore[call-arg]
    error = ""
    if request.method == "POST" and form.is_valid() and delegates.is_valid():
        municipality = form.cleaned_data["municipality"]
        chosen = [(f.cleaned_data["track"], f.person(municipality=None if f.cleaned_data.get("partner_delegate")
                                                     else municipality))
                  for f in delegates if f.has_changed() and f.cleaned_data]
        organisation = Organisation.objects.filter(municipality=municipality, kind="municipality").first()
        try:
            delegation = registering.delegation_create(
                edition=edition, municipality=municipality, organisation=organisation, registered_by=request.user,
                delegates=chosen, note=form.cleaned_data["note"], now=now)
        except Refused as exc:
            error = exc.message
        else:
            messages.success(request, _("The delegation is registered. Each delegate receives a message in their "
                                        "language."))
            return redirect("events:delegation", delegation.pk)
    return _private(render(request, "events/registration/delegation_new.html", {
        "edition": edition, "form": form, "delegates": delegates, "error": error,
        "open": registering.is_open(edition, now), "edition_url": edition_url(edition)},
        status=400 if request.method == "POST" else 200))


def _delegation(request: HttpRequest, pk: Any) -> Delegation:
    delegation = object_or_404(Delegation.objects.select_related("edition__series", "municipality"), pk=pk)
    user = request.user
    if not (delegation.registered_by_id == user.pk or delegation.municipality_id in access_of(user).own
            or organises(user, delegation.edition)):
        raise Http404
    return delegation


@login_required
def delegation_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The delegation and each delegate's state (confirmed, waiting with place, awaiting approval …)."""
    delegation = _delegation(request, pk)
    rows = list(delegation.registrations.select_related("track", "country", "claim").order_by("pk"))
    return _private(render(request, "events/registration/delegation.html", {
        "delegation": delegation, "edition": delegation.edition, "rows": rows, "active": ACTIVE_STATES,
        "edition_url": edition_url(delegation.edition)}))


@login_required
@require_POST
def delegation_cancel(request: HttpRequest, pk: Any, registration_pk: Any) -> HttpResponse:
    """The delegation's editor cancels one delegate; the seat is free at once."""
    delegation = _delegation(request, pk)
    registration = object_or_404(delegation.registrations.select_related("claim"), pk=registration_pk)
    try:
        registering.registration_cancel(registration=registration, now=timezone.now())
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s's registration is cancelled.") % {"name": registration.name})
    return redirect("events:delegation", delegation.pk)


def link_page(request: HttpRequest, token: str) -> HttpResponse:
    """The person's own page by their link: the state, accept or decline an offer, change consent, cancel."""
    registration = registering.registration_of_link(token)
    if registration is None:
        return _private(render(request, "events/registration/link_invalid.html", {}, status=404))
    now = timezone.now()
    initial = {"language": registration.language, "visa_needed": registration.visa_needed,
               **{k: getattr(registration, k) for k in CONSENT}}
    form = ChangeForm(initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "")
        steps = {"accept": (registering.offer_accept, _("Your place is confirmed.")),
                 "decline": (registering.offer_decline, _("You have declined the place.")),
                 "cancel": (registering.registration_cancel, _("Your registration is cancelled."))}
        if action in steps:
            call, done = steps[action]
            try:
                call(registration=registration, now=now)
            except Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, done)
            return redirect("events:registration-link", token)
        if action == "change":
            form = ChangeForm(request.POST, request.FILES, initial=initial)
            if form.is_valid():
                registering.registration_change(
                    registration=registration, language=form.cleaned_data["language"],
                    consent={k: form.cleaned_data[k] for k in CONSENT}, visa_needed=form.cleaned_data["visa_needed"],
                    photo=form.cleaned_data.get("photo") or None, remove_photo=form.cleaned_data["remove_photo"])
                messages.success(request, _("Your changes are saved."))
                return redirect("events:registration-link", token)
    position = None
    if registration.state == "waiting" and registration.claim is not None:
        from partneratlas.capacity.selectors import waiting_position

        position = waiting_position(registration.claim)
    edition = registration.edition
    return _private(render(request, "events/registration/link.html", {
        "registration": registration, "edition": edition, "form": form, "token": token, "position": position,
        "active": registration.state in ACTIVE_STATES, "edition_url": edition_url(edition),
        "list_visible": participants.may_see(request.user, edition, by_link=registration)}))


def questions_page(request: HttpRequest, token: str) -> HttpResponse:
    """The edition's questions (the questionnaire engine's form), answered by the personal link: save, then submit."""
    from partneratlas.questionnaires.answering import answer_handle

    registration = registering.registration_of_link(token)
    if registration is None or registration.state not in ACTIVE_STATES:
        raise Http404
    try:
        response = registering.answers_start(registration=registration, now=timezone.now())
    except Refused as exc:
        raise Http404 from exc
    qform, outcome = answer_handle(request, response=response)
    if outcome == "submitted":
        messages.success(request, _("Thank you: your answers are submitted."))
        return redirect("events:registration-link", token)
    if outcome == "saved":
        messages.success(request, _("Your answers are saved. You can continue later."))
        return redirect("events:registration-questions", token)
    return _private(render(request, "events/registration/questions.html", {
        "registration": registration, "edition": registration.edition, "qform": qform, "token": token,
        "answers": response, "edition_url": edition_url(registration.edition)},
        status=400 if getattr(qform, "errors", None) else 200))


def link_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The person's calendar file: the edition's stable UID and SEQUENCE; CANCEL once they (or it) cancelled."""
    from partneratlas.events.calendar import edition_ics

    registration = registering.registration_of_link(token)
    if registration is None:
        raise Http404
    edition = registration.edition
    cancelled = registration.state not in ACTIVE_STATES or edition.state == Edition.State.CANCELLED
    body = edition_ics(edition, language=registration.language, cancelled=cancelled)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{edition.pk}.ics"'
    return _private(response)


def participants_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The participant list, as the edition's setting and each person's consent allow; ?link= for the link's holder."""
    edition = _open_edition(request, pk)
    by_link = registering.registration_of_link(request.GET.get("link", "")) if request.GET.get("link") else None
    if not participants.may_see(request.user, edition, by_link=by_link):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise deny(request, f"participant list of edition {edition.pk}")
    rows, unlisted = participants.participant_list(edition)
    return _private(render(request, "events/registration/participants.html", {
        "edition": edition, "rows": rows, "unlisted": unlisted, "edition_url": edition_url(edition),
        "link": request.GET.get("link", "") if by_link else ""}))


def participant_photo(request: HttpRequest, pk: Any, registration_pk: Any) -> FileResponse:
    """A participant's photo, to whoever may see the list, and only while the person allows it to be shown."""
    edition = _open_edition(request, pk)
    by_link = registering.registration_of_link(request.GET.get("link", "")) if request.GET.get("link") else None
    registration = object_or_404(edition.registrations.all(), pk=registration_pk)
    if not (registration.state == "confirmed" and registration.show_photo and registration.photo
            and participants.may_see(request.user, edition, by_link=by_link)):
        raise Http404
    try:
        handle = registration.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(registration.photo.name)[0] or "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def _organised(request: HttpRequest, pk: Any) -> Edition:
    edition = edition_for(request.user, pk)
    if not organises(request.user, edition):
        raise deny(request, f"registrations of edition {edition.pk}")
    return edition


@login_required
def manage_registrations(request: HttpRequest, pk: Any) -> HttpResponse:
    """The organiser's list: every registration with its state, flags and the actions it allows."""
    edition = _organised(request, pk)
    state = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()[:100]
    rows = (Registration.objects.filter(edition=edition).select_related("track", "country", "delegation__municipality",
                                                                       "claim").order_by("created_at", "pk"))
    if state in STATES:
        rows = rows.filter(state=state)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation_name__icontains=query))
    counts = dict.fromkeys(STATES, 0)
    for value in Registration.objects.filter(edition=edition).values_list("state", flat=True):
        counts[value] = counts.get(value, 0) + 1
    return _private(render(request, "events/registration/manage.html", {
        "edition": edition, "rows": list(rows), "state": state, "q": query,
        "state_counts": [(s, Claim.State(s).label, counts[s]) for s in STATES],
        "edition_url": edition_url(edition)}))


@login_required
@require_POST
def manage_action(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    """Approve, reject or cancel one registration (the organiser's buttons)."""
    registration = object_or_404(Registration.objects.select_related("edition__series", "claim"), pk=pk)
    edition = registration.edition
    if not organises(request.user, edition):
        raise Http404 if edition.state == Edition.State.DRAFT else deny(request, f"registration {registration.pk}")
    steps = {"approve": registering.registration_approve, "reject": registering.registration_reject,
             "cancel": registering.registration_cancel}
    if action not in steps:
        raise Http404
    try:
        steps[action](registration=registration, now=timezone.now())
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s: %(state)s.") % {"name": registration.name,
                                                              "state": registration.get_state_display()})
    back = request.POST.get("state", "")
    return redirect(reverse("events:manage-registrations", args=[edition.pk])
                    + (f"?state={back}" if back in STATES else ""))
