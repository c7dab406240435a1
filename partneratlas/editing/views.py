"""The editor: a municipality's own partnerships, editing with history, revert and conflicts."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.editing.forms import (
    ActorFormSet,
    ContactFormSet,
    PartnershipForm,
    member_line,
    side_choices,
)
from partneratlas.editing.services import Describer, EditConflict, partnership_save, revert, snapshot_of, today
from partneratlas.gazetteer.models import Municipality
from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny
from partneratlas.registry.models import Partnership, Revision
from partneratlas.registry.services import PartnershipData, Snapshot
from partneratlas.upkeep import staleness
from partneratlas.upkeep.models import Proposal
from partneratlas.upkeep.services import proposals_for


def _editor(request: HttpRequest) -> Access:
    access = access_of(request.user)
    if not access.editor:
        raise deny(request, "not an editor")
    return access


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access = _editor(request)
    qs = Partnership.objects.all() if access.staff else Partnership.objects.filter(
        memberships__municipality_id__in=access.own | access.side).distinct()
    text = request.GET.get("q", "").strip()[:100]
    if text:
        qs = qs.filter(Q(memberships__municipality__name__icontains=text) | Q(description__icontains=text)).distinct()
    stale = request.GET.get("stale") == "1"
    if stale:
        qs = qs.filter(staleness.stale_q())
    partnerships = list(qs.order_by("published", "-updated_at").prefetch_related("memberships__municipality")[:100])
    for p in partnerships:
        stale_since = staleness.checked_on(p) if staleness.is_stale(p) else None
        p.stale_since = stale_since  # type: ignore[attr-defined]
        p.may_verify = bool(stale_since) and access.edit_scope(  # type: ignore[attr-defined]
            [m.municipality_id for m in p.memberships.all()]) == "all"
    open_proposals = proposals_for(access).filter(state=Proposal.State.OPEN).count() \
        if access.staff or access.own else 0
    return render(request, "editing/dashboard.html", {"partnerships": partnerships, "q": text, "access": access,
                                                      "stale": stale, "open_proposals": open_proposals,
                                                      "places": Municipality.objects.filter(
                                                          id__in=access.own | access.side).order_by("name")})


def _partnership(request: HttpRequest, uid: str, access: Access) -> tuple[Partnership, list[int], str]:
    try:
        partnership = Partnership.objects.get(uid=uid)
    except (Partnership.DoesNotExist, ValidationError) as exc:  # ValidationError: not a uuid
        raise Http404 from exc
    members = list(partnership.memberships.values_list("municipality_id", flat=True))
    scope = access.edit_scope(members)
    if scope is None:
        raise deny(request, f"partnership {uid}")
    return partnership, members, scope


def _initial(partnership: Partnership, snapshot: Snapshot) -> dict[str, Any]:
    v = snapshot.values
    places = {m.id: m for m in Municipality.objects.filter(id__in=snapshot.member_ids)}
    return {
        "members": "\n".join(member_line(places[m]) for m in snapshot.member_ids if m in places),
        "kind": partnership.kind.code, "status": v["status"],
        "start_year": v["start_year"], "signed_on": v["signed_on"], "description": v["description"],
        "council_resolutions": "\n".join(f"{d.isoformat()} {r}".strip()
                                         for d, r in v["council_resolutions"]),  # type: ignore[attr-defined]
        "topics": v["topic_ids"], "sdgs": v["sdgs"], "working_languages": ", ".join(v["working_languages"]),  # type: ignore[arg-type]
        "internal_notes": v["internal_notes"], "source": v["source"], "source_url": v["source_url"],
        "published": v["published"], "version": snapshot.version,
    }


def _data(form: PartnershipForm, actors: list[Any] | None, snapshot: Snapshot | None) -> PartnershipData:
    c = form.cleaned_data
    status_changed = snapshot is None or c["status"] != snapshot.values["status"]
    since = c["status_since"]
    return PartnershipData(
        member_ids=c["members"], kind_id=c["kind"].pk, status=c["status"],
        status_since=(since.year, since) if since and status_changed else None,
        start_year=c["start_year"], signed_on=c["signed_on"], description=c["description"],
        council_resolutions=c["council_resolutions"], sdgs=[s.number for s in c["sdgs"]],
        topic_ids=[t.pk for t in c["topics"]], working_languages=c["working_languages"], actors=actors,
        source=c["source"], source_url=c["source_url"], published=c["published"],
        internal_notes=c["internal_notes"],
        verified_on=today() if c["verified"] else (snapshot.values["verified_on"] if snapshot else None),  # type: ignore[arg-type]
    )


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@login_required
def edit(request: HttpRequest, uid: str | None = None) -> HttpResponse:
    access = _editor(request)
    if uid is None and not (access.staff or access.own):
        raise deny(request, "only a municipality's or the agency's editors add partnerships")
    partnership, members, scope = _partnership(request, uid, access) if uid else (None, [], "all")
    snapshot = snapshot_of(partnership) if partnership else None
    sides = access.sides(members) if partnership else set()
    places = Municipality.objects.filter(id__in=members)
    side_list = [(m.id, m.display_name) for m in places if scope == "all" or m.id in sides]
    post = request.POST if request.method == "POST" else None
    actor_initial = [{"name": n, "kind": k, "role": r, "side": s}
                     for n, k, r, s in (snapshot.values["actors"] if snapshot else [])  # type: ignore[attr-defined]
                     if scope == "all" or s in sides]
    contact_qs = partnership.contacts.all() if partnership else []
    contact_initial = [{"name": c.name, "function": c.function, "email": c.email, "phone": c.phone,
                        "languages": ", ".join(c.languages), "side": c.municipality_id, "consent_on": c.consent_on,
                        "consent_note": c.consent_note}
                       for c in contact_qs if scope == "all" or c.municipality_id in sides]
    initial = _initial(partnership, snapshot) if partnership and snapshot else {"published": False}
    if partnership is None and post is None and request.GET.get("proposal"):
        from partneratlas.upkeep.services import new_partnership_initial  # upkeep builds on the editor

        initial.update(new_partnership_initial(request.GET["proposal"], access))
    form = PartnershipForm(post, initial=initial) if scope == "all" else None
    # Bound formsets get no initial rows: a row equal to its initial one would count as empty and vanish.
    actors = ActorFormSet(post, initial=None if post else actor_initial, prefix="actors")
    contacts = ContactFormSet(post, initial=None if post else contact_initial, prefix="contacts")
    for formset in (actors, contacts):
        side_choices(formset, side_list, fixed=scope == "side")
    conflict = None
    version = snapshot.version if snapshot else None  # the version this form starts from
    if post is not None and (form is None or form.is_valid()) and actors.is_valid() and contacts.is_valid():
        actor_rows = [(a["name"], a["kind"], a["role"], a["side"]) for a in _rows(actors)]
        if form is not None and not access.staff and not set(form.cleaned_data["members"]) & access.own:
            form.add_error("members", _("One of the members must be your own municipality."))
        if form is None or form.is_valid():
            data = _data(form, actor_rows, snapshot) if form else PartnershipData(member_ids=members, actors=actor_rows)
            contact_rows = [{"name": c["name"], "function": c["function"], "email": c["email"], "phone": c["phone"],
                             "languages": c["languages"], "municipality_id": c["side"], "consent_on": c["consent_on"],
                             "consent_note": c["consent_note"]} for c in _rows(contacts)]
            started = int(post.get("version") or (snapshot.version if snapshot else 0)) if snapshot else None
            try:
                saved = partnership_save(data=data, snapshot=snapshot, started_from=started,
                                         actors_sides=None if scope == "all" else sides, contacts=contact_rows,
                                         user=request.user)
            except EditConflict as exc:
                describer = Describer()
                conflict = describer.diff(exc.current.state(), {**exc.current.state(), **_mine(data)})
                version = exc.current.version
                if form is not None:
                    fresh = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
                    fresh["version"] = str(exc.current.version)
                    form.data = fresh
                messages.error(request, _("Someone else saved this partnership while you were editing it. "
                                          "Compare the two versions below; saving again keeps yours."))
            else:
                messages.success(request, _("The partnership has been saved."))
                return redirect("editing:edit", uid=saved)
    if post is not None and conflict is None:
        messages.error(request, _("The partnership has not been saved: please correct the marked fields."))
    return render(request, "editing/edit.html", {
        "partnership": partnership, "form": form, "actors": actors, "contacts": contacts, "scope": scope,
        "conflict": conflict, "snapshot": snapshot, "version": version})


def _mine(data: PartnershipData) -> dict[str, Any]:
    mine = {k: v for k, v in data.given().items() if k != "status"}
    mine["member_ids"] = data.member_ids
    return mine


@login_required
def history(request: HttpRequest, uid: str) -> HttpResponse:
    access = _editor(request)
    partnership, _members, scope = _partnership(request, uid, access)
    revisions = list(partnership.revisions.order_by("-version"))
    describer = Describer()
    entries = [(r, describer.diff(revisions[i + 1].state if i + 1 < len(revisions) else None, r.state))
               for i, r in enumerate(revisions)]
    return render(request, "editing/history.html", {"partnership": partnership, "entries": entries, "scope": scope})


@login_required
@require_POST
def revert_to(request: HttpRequest, uid: str, version: int) -> HttpResponse:
    access = _editor(request)
    partnership, _members, scope = _partnership(request, uid, access)
    if scope != "all":
        raise deny(request, f"revert {uid}")
    revision = get_object_or_404(Revision, partnership=partnership, version=version)
    revert(revision, request.user)
    messages.success(request, _("Version %(version)d has been restored as a new version.") % {"version": version})
    return redirect("editing:history", uid=uid)
