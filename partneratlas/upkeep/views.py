"""Proposals from anyone (no account), their review by the owners, and "still correct" for stale records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.people.access import access_of
from partneratlas.people.audit import client_ip, deny
from partneratlas.registry.edits import partnership_verify
from partneratlas.registry.models import Partnership
from partneratlas.upkeep.forms import ProposalForm, started_token
from partneratlas.upkeep.models import Proposal
from partneratlas.upkeep.services import (
    may_decide,
    proposal_decide,
    proposal_submit,
    proposals_for,
    rate_limited,
    sender_key,
)


def propose(request: HttpRequest) -> HttpResponse:
    """?partnership=<uid>: a correction; ?municipality=<ref> or nothing: a missing partnership."""
    partnership, municipality = _subject(request)
    access = access_of(request.user)
    if partnership and not access.sees(partnership.memberships.values_list("municipality_id", flat=True),
                                       partnership.published):
        raise Http404
    missing = partnership is None
    form = ProposalForm(request.POST or None, missing=missing)
    sender = sender_key(client_ip(request) or "")
    if request.method == "POST":
        if form.is_spam:  # a script filled the hidden field: it gets the thanks, nothing is kept
            return render(request, "upkeep/thanks.html", status=200)
        if rate_limited(sender):
            return render(request, "upkeep/propose.html", {"form": form, "partnership": partnership,
                                                            "municipality": municipality, "limited": True}, status=429)
        if form.is_valid():
            proposal = form.save(commit=False)
            proposal.kind = Proposal.Kind.MISSING if missing else Proposal.Kind.CORRECTION
            proposal.partnership, proposal.municipality = partnership, municipality
            proposal.language, proposal.sender = get_language(), sender
            proposal_submit(proposal)
            return render(request, "upkeep/thanks.html", {"proposal": proposal})
        data = form.data.copy()  # type: ignore[attr-defined]
        data["started"] = started_token()
        form.data = data
    return render(request, "upkeep/propose.html", {"form": form, "partnership": partnership,
                                                    "municipality": municipality})


def _subject(request: HttpRequest) -> tuple[Partnership | None, Municipality | None]:
    source = request.POST if request.method == "POST" else request.GET
    uid, ref = source.get("partnership", ""), source.get("municipality", "")
    try:
        if uid:
            return Partnership.objects.get(uid=uid), None
        if ref:
            return None, Municipality.objects.get(ref=ref)
    except (Partnership.DoesNotExist, Municipality.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    return None, None


@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    access = access_of(request.user)
    if not (access.staff or access.own):
        raise deny(request, "proposals: not an editor of a municipality")
    state = request.GET.get("state", Proposal.State.OPEN)
    if state not in Proposal.State.values:
        state = Proposal.State.OPEN
    items = list(proposals_for(access).filter(state=state)[:200])
    return render(request, "upkeep/proposals.html", {"proposals": items, "state": state,
                                                      "states": Proposal.State.choices})


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Proposal.objects.select_related("partnership", "municipality", "decided_by"), pk=pk)
    access = access_of(request.user)
    if not may_decide(access, item):
        raise deny(request, f"proposal {pk}")
    if request.method == "POST" and item.state == Proposal.State.OPEN:
        accept = request.POST.get("decision") == "accept"
        proposal_decide(item, user=request.user, accept=accept, reply=request.POST.get("reply", "").strip()[:4000])
        if not accept:
            messages.success(request, _("The proposal has been rejected."))
            return redirect("upkeep:proposals")
        messages.success(request, _("The proposal has been accepted. Now make the change it asks for."))
        if item.partnership:
            return redirect(f"{reverse('editing:edit', args=[item.partnership.uid])}?proposal={item.pk}")
        return redirect(f"{reverse('editing:new')}?proposal={item.pk}")
    return render(request, "upkeep/proposal.html", {"proposal": item})


@login_required
@require_POST
def verify(request: HttpRequest, uid: str) -> HttpResponse:
    """"Still correct": the record has been checked today, a new version without other changes."""
    try:
        partnership = Partnership.objects.get(uid=uid)
    except (Partnership.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    members = list(partnership.memberships.values_list("municipality_id", flat=True))
    if access_of(request.user).edit_scope(members) != "all":
        raise deny(request, f"verify {uid}")
    partnership_verify(partnership=partnership, author=Author("edit", request.user), today=timezone.localdate())
    messages.success(request, _("Thank you: %(partnership)s is marked as checked today.") % {
        "partnership": partnership})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("editing:dashboard")
    return redirect(target)
