"""The activity log's pages: a partnership's list and CSV, the form to log, change and delete, history, files.

Who may do what (people.access): everyone sees the public activities of a published
partnership; the members' administrations and the agency see all. Editors of any member
(the partner side too) and agency staff log activities; the partner side changes only the
activities its own side logged, the own municipality's editors and the agency change all.
"""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.activities import selectors
from partneratlas.activities.forms import ActivityForm, FileFormSet
from partneratlas.activities.models import Activity, Visibility
from partneratlas.activities.services import (
    HISTORY_KIND,
    ActivityConflict,
    ActivityData,
    ActivityRefused,
    NewFile,
    activity_delete,
    activity_save,
)
from partneratlas.cells import neutralise
from partneratlas.gazetteer.models import Municipality
from partneratlas.history.kinds import Author
from partneratlas.history.models import Revision
from partneratlas.history.selectors import history_of, revision_of
from partneratlas.history.services import revision_restore
from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny
from partneratlas.registry.models import Partnership
from partneratlas.site.shortcuts import object_or_404


class Viewer:
    """A partnership as one person sees it: may they see internal activities, log, change which?"""

    def __init__(self, request: HttpRequest, partnership: Partnership) -> None:
        self.partnership = partnership
        self.access: Access = access_of(request.user)
        self.members = list(partnership.memberships.values_list("municipality_id", flat=True))
        if not self.access.sees(self.members, partnership.published):
            raise Http404  # an unpublished partnership does not exist for the public
        self.private = self.access.sees_private(self.members)
        self.scope = self.access.edit_scope(self.members)

    def may_change(self, activity: Activity) -> bool:
        return self.scope == "all" or (self.scope == "side" and activity.side_id in self.access.side)

    def sides(self, current: int | None = None) -> list[int]:
        """The members the person may log for: the agency any, an editor their own municipality's side."""
        if self.access.staff:
            mine = list(self.members)
        else:
            mine = [m for m in self.members if m in (self.access.own if self.scope == "all" else self.access.side)]
        return mine + ([current] if current is not None and current not in mine else [])


def _viewer_of(request: HttpRequest, uid: Any) -> Viewer:
    return Viewer(request, object_or_404(Partnership, uid=uid))


def _editor_of(request: HttpRequest, partnership: Partnership, activity: Activity | None = None) -> Viewer:
    viewer = Viewer(request, partnership)
    if viewer.scope is None or (activity is not None and not viewer.may_change(activity)):
        raise deny(request, f"activities of partnership {partnership.uid}")
    return viewer


def activity_list(request: HttpRequest, uid: Any) -> HttpResponse:
    viewer = _viewer_of(request, uid)
    items = selectors.activities_of(partnership_id=viewer.partnership.pk, private=viewer.private)
    for item in items:
        item.may_change = viewer.may_change(item)  # type: ignore[attr-defined]
    deleted = selectors.deleted_activities(partnership_id=viewer.partnership.pk) if viewer.scope == "all" else []
    return render(request, "activities/list.html", {
        "partnership": viewer.partnership, "items": items, "private": viewer.private,
        "can_log": viewer.scope is not None, "deleted": deleted})


def activity_csv(request: HttpRequest, uid: Any) -> HttpResponse:
    """The list as CSV (semicolons, UTF-8 with BOM); never contact persons, and never a formula."""
    viewer = _viewer_of(request, uid)
    items = selectors.activities_of(partnership_id=viewer.partnership.pk, private=viewer.private)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activities-{viewer.partnership.uid}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Date"), _("End date"), _("Kind of activity"), _("Direction"), _("Title"), _("Note"),
                     _("Language of the text"), _("Logged by"), _("Participants"), _("Young people took part"),
                     _("Number of young people"), _("Languages used"), _("Actors involved"), _("Visibility"),
                     _("Photos and documents")])
    yes_no = {True: _("yes"), False: _("no")}
    for a in items:
        row = [a.date.isoformat(), a.end_date.isoformat() if a.end_date else "", a.kind.name,
               a.direction_label, a.title, a.note, a.language, a.side_name,  # type: ignore[attr-defined]
               "; ".join(f"{side}: {n}" for side, n in a.counts), yes_no[a.youth],  # type: ignore[attr-defined]
               "" if a.young_people is None else str(a.young_people), ", ".join(a.languages),
               "; ".join(a.actor_labels), a.get_visibility_display(),  # type: ignore[attr-defined]
               "; ".join(f.name for f in a.attachments.all())]
        writer.writerow([neutralise(str(cell)) for cell in row])
    return response


def _choices(viewer: Viewer, activity: Activity | None) -> dict[str, Any]:
    places = {m.id: m.display_name for m in Municipality.objects.filter(id__in=viewer.members)}
    actors = [(str(a.pk), a.name, a.kind) for a in viewer.partnership.actors.all()]
    if activity is not None:  # actors named earlier stay choosable, even when the partnership's list changed
        known = {(kind, name) for _v, name, kind in actors}
        actors += [(f"was:{a.pk}", a.name, a.kind) for a in activity.actors.all()
                   if a.name and (a.kind, a.name) not in known]
    return {"sides": [(m, places.get(m, str(m))) for m in viewer.sides(activity.side_id if activity else None)],
            "members": [(m, places.get(m, str(m))) for m in viewer.members], "actors": actors}


def _initial(activity: Activity, actors: list[tuple[str, str, str]]) -> dict[str, Any]:
    by_name = {(kind, name): value for value, name, kind in actors}
    rows = list(activity.actors.all())
    initial = {
        "kind": activity.kind.code, "date": activity.date, "end_date": activity.end_date,
        "direction": activity.direction, "title": activity.title, "note": activity.note, "side": activity.side_id,
        "contact_persons": activity.contact_persons, "youth": activity.youth, "young_people": activity.young_people,
        "languages": ", ".join(activity.languages), "visibility": activity.visibility, "version": activity.version,
        "actors": [by_name[(a.kind, a.name)] for a in rows if a.name and (a.kind, a.name) in by_name],
        "actor_kinds": [a.kind for a in rows if not a.name]}
    initial.update({f"participants_{m}": n for m, n in activity.participants.items()})
    return initial


def _version(post: Any) -> int | None:
    text = str(post.get("version") or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


@login_required
def activity_edit(request: HttpRequest, uid: Any = None, pk: int | None = None) -> HttpResponse:
    activity = object_or_404(Activity.objects.select_related("partnership", "kind"), pk=pk) if pk else None
    partnership = activity.partnership if activity else object_or_404(Partnership, uid=uid)
    viewer = _editor_of(request, partnership, activity)
    today = timezone.localdate()
    choices = _choices(viewer, activity)
    post = request.POST if request.method == "POST" else None
    initial = _initial(activity, choices["actors"]) if activity else {
        "side": (choices["sides"] or [(None, "")])[0][0], "date": today}
    form = ActivityForm(post, initial=initial, today=today, **choices)
    files = FileFormSet(post, request.FILES if post else None, prefix="files")
    existing = list(activity.attachments.all()) if activity else []
    if post is not None:
        if form.is_valid() and files.is_valid():
            try:
                saved = _save(request, form, files, partnership, activity, existing, today)
            except ActivityRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ActivityConflict:
                form.add_error(None, _("Someone else saved this activity while you were editing it. Reload the "
                                       "page to see their version."))
            else:
                messages.success(request, _("The activity has been saved."))
                return redirect(reverse("activities:list", args=[partnership.uid]) + f"#activity-{saved.pk}")
        messages.error(request, _("The activity has not been saved: please correct the marked fields."))
    return render(request, "activities/edit.html", {
        "partnership": partnership, "activity": activity, "form": form, "files": files, "existing": existing,
        "errors": _error_summary(form, files) if post is not None else []}, status=400 if post is not None else 200)


def _save(request: HttpRequest, form: ActivityForm, files: Any, partnership: Partnership,
          activity: Activity | None, existing: list[Any], today: Any) -> Activity:
    c = form.cleaned_data
    data = ActivityData(
        kind_id=c["kind"].pk, date=c["date"], end_date=c["end_date"], direction=c["direction"], title=c["title"],
        note=c["note"], language=activity.language if activity else (get_language() or "de").split("-")[0],
        side_id=c["side"], participants=form.participants(), contact_persons=c["contact_persons"],
        youth=c["youth"], young_people=c["young_people"], languages=c["languages"], actors=form.actor_rows(),
        visibility=c["visibility"])
    uploads = [NewFile(upload=f.cleaned_data["file"], media=f.cleaned_data["media"],
                       content_type=f.cleaned_data["content_type"], caption=f.cleaned_data["caption"],
                       credit=f.cleaned_data["credit"], licence=f.cleaned_data["licence"],
                       consent=f.cleaned_data["consent"])
               for f in files.forms if f.cleaned_data.get("file")]
    remove = [a.pk for a in existing if request.POST.get(f"remove-{a.pk}")]
    return activity_save(partnership=partnership, activity=activity, data=data, author=Author("edit", request.user),
                         today=today, files=uploads, remove=remove,
                         started_from=_version(request.POST) if activity else None)


def _error_summary(form: ActivityForm, files: Any) -> list[tuple[str, str]]:
    """(field id, message) for the summary at the top: each links to its field."""
    found = [(f"id_{name}" if name != "__all__" else "activity-form", str(e))
             for name, errors in form.errors.items() for e in errors]
    for sub in files.forms:
        found += [(f"id_{sub.prefix}-{name}", str(e)) for name, errors in sub.errors.items() for e in errors]
    return found


@login_required
def activity_remove(request: HttpRequest, pk: int) -> HttpResponse:
    activity = object_or_404(Activity.objects.select_related("partnership", "kind"), pk=pk)
    _editor_of(request, activity.partnership, activity)
    error = ""
    if request.method == "POST":
        uid = activity.partnership.uid
        try:
            activity_delete(activity=activity, author=Author("edit", request.user))
        except ActivityRefused as exc:
            error = exc.message  # its period is closed by an issued report
        else:
            messages.success(request, _("The activity has been deleted. Its history keeps it; it can be restored "
                                        "from there."))
            return redirect("activities:list", uid=uid)
    return render(request, "activities/delete.html", {"activity": activity, "partnership": activity.partnership,
                                                      "error": error}, status=400 if error else 200)


def _partnership_of_record(pk: int) -> Partnership:
    """The partnership of an activity, also of a deleted one (from its last revision)."""
    found = Activity.objects.filter(pk=pk).values_list("partnership_id", flat=True).first()
    if found is None:
        last = Revision.objects.filter(kind=HISTORY_KIND, object_id=pk).order_by("-version").first()
        if last is None:
            raise Http404
        found = last.state.get("partnership_id")
    return object_or_404(Partnership, pk=found)


@login_required
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_of_record(pk)
    activity = Activity.objects.filter(pk=pk).first()
    viewer = _editor_of(request, partnership, activity)
    entries = history_of(kind=HISTORY_KIND, object_id=pk)
    if viewer.scope == "all":
        for entry in entries[1:] if activity else entries:
            if not entry.revision.state.get("deleted"):
                entry.restore_url = reverse("activities:revert", args=[pk, entry.revision.version])
    title = entries[0].revision.state.get("title", "") if entries else ""
    return render(request, "activities/history.html", {"partnership": partnership, "entries": entries,
                                                       "activity": activity, "title": title})


@login_required
@require_POST
def activity_revert(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    partnership = _partnership_of_record(pk)
    viewer = _editor_of(request, partnership)
    if viewer.scope != "all":
        raise deny(request, f"revert activity {pk}")
    revision = revision_of(kind=HISTORY_KIND, object_id=pk, version=version)
    if revision is None or revision.state.get("deleted"):
        raise Http404
    try:
        revision_restore(revision=revision, author=Author("revert", request.user))
    except ActivityRefused as exc:
        messages.error(request, exc.message)  # a closed period, or a rule the old version breaks today
    else:
        messages.success(request, _("Version %(version)d has been restored as a new version.") % {"version": version})
    return redirect("activities:history", pk=pk)


def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    """A photo or document, to whoever may see it: the public only a public activity's, and a photo only with
    consent; everyone else gets "not found"."""
    attachment = selectors.attachment_for(pk=pk)
    if attachment is None:
        raise Http404
    viewer = Viewer(request, Partnership.objects.get(pk=attachment.activity.partnership_id))
    if not viewer.private and not (attachment.activity.visibility == Visibility.PUBLIC and attachment.public_ok):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=attachment.content_type, filename=attachment.name,
                            as_attachment=attachment.content_type == "application/pdf" and bool(
                                request.GET.get("download")))
    response["Cache-Control"] = "private, no-store" if viewer.private else "public, max-age=300"
    return response
