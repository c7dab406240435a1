"""The check-up's pages: a partnership's rounds, a round (status, then results), a side's answers, the partner link.

Who may do what (people.access): the members' administrations and the agency see a
partnership's rounds and, once unsealed, its results. Editors of a member and agency staff
open rounds; editors of the partnership's own municipality and the agency issue the partner
link. A side answers only in the accounts of its own municipality's editors (or through
its link): nobody else, not the agency either, sees a side's answers before they are unsealed.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.checkup import links, selectors, services
from partneratlas.checkup.indicators import indicators_for
from partneratlas.checkup.models import Role, Round, Side
from partneratlas.checkup.results import results_of, side_label
from partneratlas.i18n import language_name
from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny
from partneratlas.questionnaires.answering import answer_handle
from partneratlas.questionnaires.services import open_languages
from partneratlas.registry.models import Partnership
from partneratlas.site.shortcuts import object_or_404

ROLES = (Role.GERMAN.value, Role.PARTNER.value)
REFERRER = "same-origin"  # the link's token never leaves the site ("no-referrer" makes a form's POST "Origin: null")


class Seat:
    """A partnership's check-up as one person sees it."""

    def __init__(self, request: HttpRequest, partnership: Partnership, *, public: bool = False) -> None:
        """`public`: what is shown is public (a round whose results are published), so a reader who sees the
        published partnership but not its private records gets a reader's seat (`private` False)."""
        self.partnership = partnership
        self.access: Access = access_of(request.user)
        self.members = [m.municipality_id for m in partnership.memberships.all()]
        if not self.access.sees(self.members, partnership.published):
            raise Http404
        self.private = self.access.sees_private(self.members)
        if not self.private and not (public and partnership.published):
            raise deny(request, f"check-up of partnership {partnership.uid}")
        self.may_open = self.private and self.access.edit_scope(self.members) is not None
        self.may_link = self.private and self.access.edit_scope(self.members) == "all"

    def answers_for(self, side: Side) -> bool:
        return _answers_as(self.access, side)


def _answers_as(access: Access, side: Side) -> bool:
    """An editor of the side's own municipality (the partner side: as partner or own administration)."""
    if side.role == Role.GERMAN:
        return side.municipality_id in access.own
    return side.municipality_id in (access.own | access.side)


def _round_of(request: HttpRequest, pk: Any, *, public: bool = False) -> tuple[Round, Seat]:
    """The round and the reader's seat; `public`: a reader of the published partnership may read its published
    results (never its answers, sides' forms or peers)."""
    round_ = object_or_404(Round.objects.select_related("partnership", "version__questionnaire").prefetch_related(
        "partnership__memberships__municipality"), pk=pk)
    return round_, Seat(request, round_.partnership, public=public and round_.results_public)


def _side_of(round_: Round, role: str) -> Side:
    if role not in ROLES:
        raise Http404
    return round_.sides.select_related("response", "municipality").get(role=role)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _default_closing() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(weeks=8)


@login_required
def partnership_page(request: HttpRequest, uid: Any) -> HttpResponse:
    seat = Seat(request, object_or_404(Partnership.objects.prefetch_related("memberships__municipality"), uid=uid))
    error, closes = "", request.POST.get("closes_on", "")
    if request.method == "POST":
        if not seat.may_open:
            raise deny(request, f"open a check-up round of {seat.partnership.uid}")
        try:
            when = datetime.date.fromisoformat(closes.strip())
        except ValueError:
            error = _("Enter the closing day as a date, e.g. %(example)s.") % {
                "example": _default_closing().isoformat()}
        else:
            try:
                round_ = services.round_open(partnership=seat.partnership, closes_on=when, user=request.user)
            except services.Refused as exc:
                error = exc.message
            else:
                messages.success(request, _("The check-up round is open. Each side can now answer."))
                return redirect("checkup:round", round_.pk)
    for round_ in Round.objects.filter(partnership=seat.partnership, closed_at__isnull=True,
                                       closes_on__lt=timezone.localdate()):
        services.round_settle(round_=round_)  # a closing day passed since the daily run: unseal now
    rounds = list(selectors.rounds_of(seat.partnership))
    today = timezone.localdate()
    return _private(render(request, "checkup/partnership.html", {
        "partnership": seat.partnership, "rounds": rounds, "seat": seat, "error": error,
        "indicators": indicators_for(seat.partnership.pk, today), "today": today,
        "open_round": any(r.closed_at is None for r in rounds),
        "closes_on": closes or _default_closing().isoformat(), "min_date": timezone.localdate().isoformat()},
        status=400 if error else 200))


def round_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """A round's state and, once unsealed, its results: for the members and the agency; for everyone when its
    results are published (then without the sides' forms and without the peers)."""
    if not request.user.is_authenticated:
        try:
            object_or_404(Round.objects.only("pk"), pk=pk, results_public=True)
        except Http404:
            return redirect_to_login(request.get_full_path())  # as for every private page: sign in first
    round_, seat = _round_of(request, pk, public=True)
    if seat.private and not round_.unsealed and services.round_settle(round_=round_):
        round_.closed_at = Round.objects.values_list("closed_at", flat=True).get(pk=round_.pk)
    sides = list(round_.sides.select_related("response", "municipality"))
    rows = [{"side": s, "label": side_label(s.role), "mine": seat.private and seat.answers_for(s)} for s in sides]
    results = results_of(round_, language=get_language() or "de", sides=sides) if round_.unsealed else None
    if results is not None and not seat.private:
        for weak in results.weak:
            weak.peers = []  # peers agreed to be seen by other partnerships, not by the public
    return _private(render(request, "checkup/round.html", {
        "round": round_, "partnership": round_.partnership, "sides": rows, "seat": seat, "results": results,
        "open": services.is_open(round_), "issued": request.session.pop(f"checkup-link-{round_.pk}", None)}))


def _answer(request: HttpRequest, side: Side, *, user: Any, here: str, done: str) -> HttpResponse | dict[str, Any]:
    """The start (a language for the questionnaire) or the engine's answer form; a redirect after a save."""
    round_ = side.round
    if side.response is None:
        languages = open_languages(round_.version)
        error = ""
        if request.method == "POST":
            chosen = request.POST.get("language", "")
            if chosen not in languages:
                error = _("Choose one of the languages offered.")
            else:
                try:
                    services.side_start(side=side, language=chosen, user=user)
                except services.Refused as exc:
                    error = exc.message
                else:
                    return redirect(here)
        current = get_language() or "de"
        return {"start": True, "languages": [(code, language_name(code)) for code in languages], "error": error,
                "preferred": current if current in languages else (languages[0] if languages else "")}
    qform, outcome = answer_handle(request, response=side.response)
    if outcome == "submitted":
        services.round_settle(round_=round_)
        messages.success(request, _("Your answers are submitted. The results appear once both sides have "
                                    "submitted or the round has closed."))
        return redirect(done)
    if outcome == "saved":
        messages.success(request, _("Your answers are saved. You can continue later."))
        return redirect(here)
    return {"start": False, "qform": qform, "response_language": language_name(side.response.language)}


@login_required
def answer_page(request: HttpRequest, pk: Any, role: str) -> HttpResponse:
    round_, seat = _round_of(request, pk)
    side = _side_of(round_, role)
    if not seat.answers_for(side):
        raise deny(request, f"answers of check-up round {round_.pk}, {role} side")
    services.round_settle(round_=round_)
    side.round.refresh_from_db()
    if side.response is None and not services.is_open(side.round):
        return redirect("checkup:round", round_.pk)
    here = reverse("checkup:answer", args=[round_.pk, role])
    outcome = _answer(request, side, user=request.user, here=here, done=reverse("checkup:round", args=[round_.pk]))
    if isinstance(outcome, HttpResponse):
        return outcome
    return _private(render(request, "checkup/answer.html", {
        "round": round_, "partnership": round_.partnership, "side": side, "label": side_label(role), **outcome},
        status=400 if outcome.get("error") or getattr(outcome.get("qform"), "errors", None) else 200))


@login_required
@require_POST
def link_page(request: HttpRequest, pk: Any, role: str) -> HttpResponse:
    """Issue (again) or revoke the partner side's link; the new link is shown once, on the round's page."""
    round_, seat = _round_of(request, pk)
    side = _side_of(round_, role)
    if not seat.may_link:
        raise deny(request, f"partner link of check-up round {round_.pk}")
    try:
        if request.POST.get("action") == "revoke":
            links.link_revoke(side=side)
            messages.success(request, _("The link no longer works."))
        else:
            language = request.POST.get("language", "")
            token = links.link_issue(side=side, email=request.POST.get("email", "")[:254],
                                     language=language if language in open_languages(round_.version) else "")
            request.session[f"checkup-link-{round_.pk}"] = request.build_absolute_uri(
                reverse("checkup:link", args=[token]))
            messages.success(request, _("A new link is ready: copy it now and send it to your partner. An earlier "
                                        "link no longer works."))
    except services.Refused as exc:
        messages.error(request, exc.message)
    return redirect("checkup:round", round_.pk)


def _side_choice(request: HttpRequest, pk: Any, role: str, what: str, save: Any) -> HttpResponse:
    """A side's own choice on the round's page (peers, publishing): only that side's editors make it."""
    round_, seat = _round_of(request, pk)
    side = _side_of(round_, role)
    if not seat.answers_for(side):
        raise deny(request, f"{what} of check-up round {round_.pk}")
    save(side)
    messages.success(request, _("Your choice is saved."))
    return redirect("checkup:round", round_.pk)


@login_required
@require_POST
def publish_page(request: HttpRequest, pk: Any, role: str) -> HttpResponse:
    """A side agrees (or no longer agrees) to publish the round's results."""
    return _side_choice(request, pk, role, "publishing", lambda side: services.side_publish_set(
        side=side, consent=request.POST.get("consent") == "on"))


@login_required
@require_POST
def peers_page(request: HttpRequest, pk: Any, role: str) -> HttpResponse:
    """A side may (or may no longer) be named as a peer on its strong criteria."""
    return _side_choice(request, pk, role, "peers opt-in", lambda side: services.side_peers_set(
        side=side, opt_in=request.POST.get("opt_in") == "on"))


def partner_link(request: HttpRequest, token: str) -> HttpResponse:
    """The partner side's page without an account: its answers (save and resume), then the results."""
    try:
        side = links.side_of_link(token)
    except links.LinkInvalid as exc:
        response = render(request, "checkup/link_invalid.html", {"fault": exc.fault},
                          status=404 if exc.fault == "invalid" else 410)
        response["Referrer-Policy"] = REFERRER
        return _private(response)
    round_ = side.round
    if request.user.is_authenticated and not _answers_as(access_of(request.user), side):
        # whoever issued the link holds it too: signed in on the other side or at the agency, it stays sealed
        response = render(request, "checkup/link_invalid.html", {"fault": "other"}, status=403)
        response["Referrer-Policy"] = REFERRER
        return _private(response)
    services.round_settle(round_=round_)
    round_.refresh_from_db()
    here = reverse("checkup:link", args=[token])
    context: dict[str, Any] = {"round": round_, "partnership": round_.partnership, "side": side, "by_link": True,
                               "label": side_label(side.role)}
    if round_.unsealed:
        context["results"] = results_of(round_, language=get_language() or "de")
        response = render(request, "checkup/link_results.html", context)
    elif side.response is None and not services.is_open(round_):
        response = render(request, "checkup/link_invalid.html", {"fault": "closed"}, status=410)
    else:
        outcome = _answer(request, side, user=None, here=here, done=here)
        if isinstance(outcome, HttpResponse):
            return outcome
        context.update(outcome)
        response = render(request, "checkup/answer.html", context,
                          status=400 if outcome.get("error") or getattr(outcome.get("qform"), "errors", None) else 200)
    response["Referrer-Policy"] = REFERRER
    return _private(response)
