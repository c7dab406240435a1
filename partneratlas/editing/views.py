"""The editor: a municipality's own partnerships, editing with history, revert and conflicts.

The rules of a save (own municipality, partner side, version, contacts) are the write
service's (registry.edits); these views turn forms into data and answers into pages.
"""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.editing.forms import ActorFormSet, ContactFormSet, PartnershipForm, side_choices
from partneratlas.gazetteer.models import Municipality, NameReview, PlaceProposal
from partneratlas.history.kinds import Author
from partneratlas.history.selectors import diff, history_of, revision_of
from partneratlas.history.services import revision_restore
from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny
from partneratlas.registry import freshness
from partneratlas.registry.edits import EditConflict, EditRefused, partnership_edit, snapshot_of
from partneratlas.registry.models import Partnership
from partneratlas.registry.services import HISTORY_KIND, PartnershipData, Snapshot
from partneratlas.site.access import access_required, is_editor
from partneratlas.site.shortcuts import object_or_404
from partneratlas.upkeep import selectors as proposals

DASHBOARD_ROWS = 100


@access_required(is_editor, "not an editor")
def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_of(request.user)
    qs = Partnership.objects.all() if access.staff else Partnership.objects.filter(
        memberships__municipality_id__in=access.own | access.side).distinct()
    text = request.GET.get("q", "").strip()[:100]
    if text:
        qs = qs.filter(Q(memberships__municipality__name__icontains=text) | Q(description__icontains=text)).distinct()
    stale = request.GET.get("stale") == "1"
    if stale:
        qs = qs.filter(freshness.stale_q())
    partnerships = list(qs.order_by("published", "-updated_at").select_related("kind")
                        .prefetch_related("memberships__municipality")[:DASHBOARD_ROWS])
    for p in partnerships:
        p.stale_since = freshness.checked_on(p) if freshness.is_stale(p) else None  # type: ignore[attr-defined]
        p.may_verify = bool(p.stale_since) and access.edit_scope(  # type: ignore[attr-defined]
            [m.municipality_id for m in p.memberships.all()]) == "all"
    return render(request, "editing/dashboard.html", {
        "partnerships": partnerships, "q": text, "access": access, "stale": stale,
        "open_proposals": proposals.open_proposals_count(access),
        "open_names": NameReview.objects.filter(state=NameReview.State.OPEN).count() if access.staff else 0,
        "open_places": PlaceProposal.objects.filter(state=PlaceProposal.State.OPEN).count() if access.staff else 0,
        "places": Municipality.objects.filter(id__in=access.own | access.side).order_by("name")})


def _partnership(request: HttpRequest, uid: str, access: Access) -> tuple[Partnership, list[int], str]:
    partnership = object_or_404(Partnership, uid=uid)
    members = list(partnership.memberships.values_list("municipality_id", flat=True))
    scope = access.edit_scope(members)
    if scope is None:
        raise deny(request, f"partnership {uid}")
    return partnership, members, scope


def _initial(partnership: Partnership, snapshot: Snapshot) -> dict[str, Any]:
    v = snapshot.values
    places = {m.id: m for m in Municipality.objects.filter(id__in=snapshot.member_ids)}
    return {
        "members": "\n".join(places[m].reference_line for m in snapshot.member_ids if m in places),
        "kind": partnership.kind.code, "status": v["status"],
        "start_year": v["start_year"], "signed_on": v["signed_on"], "description": v["description"],
        "council_resolutions": "\n".join(f"{d.isoformat()} {r}".strip()
                                         for d, r in v["council_resolutions"]),  # type: ignore[attr-defined]
        "topics": v["topic_ids"], "sdgs": v["sdgs"], "working_languages": ", ".join(v["working_languages"]),  # type: ignore[arg-type]
        "internal_notes": v["internal_notes"], "source": v["source"], "source_url": v["source_url"],
        "published": v["published"], "version": snapshot.version,
    }


def _data(form: PartnershipForm, actors: list[Any] | None, snapshot: Snapshot | None) -> PartnershipData:
    """The whole form as data: a field left empty empties the stored value."""
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
        verified_on=timezone.localdate() if c["verified"] else (
            snapshot.values["verified_on"] if snapshot else None),  # type: ignore[arg-type]
    ).complete()


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _version(post: Any, snapshot: Snapshot | None) -> int | None:
    """The version the form started from; a form that does not say (or says nonsense) started from none."""
    if snapshot is None:
        return None
    text = str(post.get("version") or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else snapshot.version


@access_required(is_editor, "not an editor")
def edit(request: HttpRequest, uid: str | None = None) -> HttpResponse:
    access = access_of(request.user)
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
    proposal_id = (post or request.GET).get("proposal", "")
    if partnership is None and post is None and proposal_id:
        initial.update(proposals.new_partnership_initial(proposal_id, access))
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
        data = _data(form, actor_rows, snapshot) if form else PartnershipData(member_ids=members, actors=actor_rows)
        contact_rows = [{"name": c["name"], "function": c["function"], "email": c["email"], "phone": c["phone"],
                         "languages": c["languages"], "municipality_id": c["side"], "consent_on": c["consent_on"],
                         "consent_note": c["consent_note"]} for c in _rows(contacts)]
        via = "proposal" if proposals.accepted_proposal(proposal_id, access) else "edit"
        try:
            saved = partnership_edit(data=data, partnership=partnership, started_from=_version(post, snapshot),
                                     own=None if access.staff or scope == "side" else access.own,
                                     sides=None if scope == "all" else sides, contacts=contact_rows,
                                     author=Author(via, request.user))
        except EditRefused as exc:
            assert form is not None
            form.add_error(exc.field, exc.message)
        except EditConflict as exc:
            conflict = diff(HISTORY_KIND, exc.current.state(), {**exc.current.state(), **_mine(data)})
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
        "conflict": conflict, "snapshot": snapshot, "version": version, "proposal": proposal_id})


def _mine(data: PartnershipData) -> dict[str, Any]:
    mine = {k: v for k, v in data.given().items() if k != "status"}
    mine["member_ids"] = data.member_ids
    return mine


@access_required(is_editor, "not an editor")
def history(request: HttpRequest, uid: str) -> HttpResponse:
    partnership, _members, scope = _partnership(request, uid, access_of(request.user))
    entries = history_of(kind=HISTORY_KIND, object_id=partnership.pk)
    if scope == "all":
        for entry in entries[1:]:
            entry.restore_url = reverse("editing:revert", args=[partnership.uid, entry.revision.version])
    return render(request, "editing/history.html", {"partnership": partnership, "entries": entries, "scope": scope})


@access_required(is_editor, "not an editor")
@require_POST
def revert_to(request: HttpRequest, uid: str, version: int) -> HttpResponse:
    partnership, _members, scope = _partnership(request, uid, access_of(request.user))
    if scope != "all":
        raise deny(request, f"revert {uid}")
    revision = revision_of(kind=HISTORY_KIND, object_id=partnership.pk, version=version)
    if revision is None:
        raise Http404
    revision_restore(revision=revision, author=Author("revert", request.user))
    messages.success(request, _("Version %(version)d has been restored as a new version.") % {"version": version})
    return redirect("editing:history", uid=uid)
