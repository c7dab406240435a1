"""Organisers' pages under /events/manage/: series, editions (create, edit, publish, cancel, clone), tracks with
seats, the programme, rotation exceptions, networks.

Agency staff organise everything; editors of a series' organiser organise its editions; editors of an
edition's host organisation organise that edition (events.access). Anyone else is refused (403, audit log);
what does not exist is 404. Every write goes through a service of events.editions / rotation / networks.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.events import editions as services
from partneratlas.events import selectors
from partneratlas.events.access import organises, organises_series, organising_organisations
from partneratlas.events.calendar import zone_of
from partneratlas.events.forms_core import (
    CloneForm,
    EditionForm,
    NetworkForm,
    RotationForm,
    SeriesForm,
    SessionForm,
    TrackForm,
    text_initial,
    texts,
)
from partneratlas.events.models import Edition, Network, Series, Session, Track
from partneratlas.events.networks import NetworkData, NetworkError, keeps, network_save
from partneratlas.events.rotation import RotationError, rotation_override_set
from partneratlas.people.access import access_of
from partneratlas.people.audit import deny
from partneratlas.site.shortcuts import object_or_404


def _edition(request: HttpRequest, pk: Any) -> Edition:
    edition = object_or_404(Edition.objects.select_related("series__organiser", "place", "host"), pk=pk)
    if not organises(request.user, edition):
        raise deny(request, f"organise edition {edition.pk}")
    return edition


def _series(request: HttpRequest, slug: Any) -> Series:
    series = object_or_404(Series.objects.select_related("organiser"), slug=slug)
    if not organises_series(request.user, series):
        raise deny(request, f"organise series {series.slug}")
    return series


def _form_page(request: HttpRequest, template: str, context: dict[str, Any], *, error: str = "") -> HttpResponse:
    form = context.get("form")
    failed = bool(error) or (form is not None and form.is_bound and bool(form.errors))
    return render(request, template, {**context, "error": error}, status=400 if failed else 200)


@login_required
def manage_page(request: HttpRequest) -> HttpResponse:
    """What the person organises: the series and their editions (all for agency staff)."""
    staff = access_of(request.user).staff
    orgs = organising_organisations(request.user)
    series = selectors.series_list() if staff else selectors.series_list().filter(organiser_id__in=orgs)
    hosted = [] if staff else list(Edition.objects.filter(host_organisation_id__in=orgs).select_related(
        "series", "place").order_by("-starts_at"))
    drafts = selectors.visible_editions(request.user).filter(state=Edition.State.DRAFT)  # only theirs
    return render(request, "events/core/manage.html", {
        "series_list": list(series), "hosted": hosted, "staff": staff, "may_keep_networks": staff,
        "drafts": list(drafts.select_related("series", "place").order_by("starts_at"))})


@login_required
def series_new(request: HttpRequest) -> HttpResponse:
    if not access_of(request.user).staff:
        raise deny(request, "create an event series")
    return _series_form(request, None)


@login_required
def series_edit(request: HttpRequest, slug: Any) -> HttpResponse:
    return _series_form(request, _series(request, slug))


def _series_form(request: HttpRequest, series: Series | None) -> HttpResponse:
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_of(series) if series else None)
    if series is not None and not access_of(request.user).staff:
        form.fields["organiser"].disabled = True  # only the agency moves a series to another organiser
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.series_save(series=series, values=form.values())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The series has been saved."))
            return redirect("events:series", saved.slug)
    return _form_page(request, "events/core/series_form.html", {"form": form, "series": series,
                                                                "rotation": RotationForm()}, error=error)


@login_required
@require_POST
def rotation_set(request: HttpRequest, slug: Any) -> HttpResponse:
    series = _series(request, slug)
    form = RotationForm(request.POST)
    if form.is_valid():
        due = {"due": True, "not_due": False}.get(form.cleaned_data["due"])
        try:
            rotation_override_set(series=series, year=form.cleaned_data["year"], due=due,
                                  reason=form.cleaned_data["reason"], by=request.user)
        except RotationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The rotation has been changed."))
            return redirect("events:series", series.slug)
    else:
        messages.error(request, _("Enter a year and choose whether the series is due."))
    return redirect("events:series-edit", series.slug)


@login_required
def edition_new(request: HttpRequest, slug: Any) -> HttpResponse:
    series = _series(request, slug)
    form = EditionForm(request.POST or None, new=True)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(series=series, values=form.values(), user=request.user,
                                              now=timezone.now())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The edition has been created as a draft. Add the programme and tracks, "
                                        "then publish it."))
            return redirect("events:edition-edit", edition.pk)
    return _form_page(request, "events/core/edition_form.html", {"form": form, "series": series, "edition": None},
                      error=error)


@login_required
def edition_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    edition = _edition(request, pk)
    form = EditionForm(request.POST or None, initial=EditionForm.initial_of(edition))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.edition_update(edition=edition, values=form.values(), now=timezone.now())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The edition has been saved; the participants have been told of the "
                                        "change.") if changed and edition.state == Edition.State.PUBLISHED
                             else _("The edition has been saved."))
            return redirect("events:edition-edit", edition.pk)
    return _form_page(request, "events/core/edition_form.html", {
        "form": form, "series": edition.series, "edition": edition, "tracks": selectors.tracks_with_seats(edition),
        "sessions": list(selectors.programme(edition)), "clone": CloneForm()}, error=error)


@login_required
@require_POST
def edition_publish(request: HttpRequest, pk: Any) -> HttpResponse:
    edition = _edition(request, pk)
    try:
        services.edition_publish(edition=edition, now=timezone.now())
    except services.EditionError as exc:
        messages.error(request, exc.message)
        return redirect("events:edition-edit", edition.pk)
    messages.success(request, _("The edition is published."))
    return redirect("events:edition", edition.pk)


@login_required
def edition_cancel(request: HttpRequest, pk: Any) -> HttpResponse:
    edition = _edition(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.edition_cancel(edition=edition, now=timezone.now())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The edition is cancelled; every participant has been told."))
            return redirect("events:edition", edition.pk)
    return _form_page(request, "events/core/cancel.html", {"edition": edition}, error=error)


@login_required
def edition_clone(request: HttpRequest, pk: Any) -> HttpResponse:
    """A new edition from this one (the series page offers the last one): dates shifted to the chosen start."""
    source = _edition(request, pk)
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.edition_clone(source=source, starts_on=form.cleaned_data["starts_on"], user=request.user,
                                        now=timezone.now())
        messages.success(request, _("A new draft edition has been made from the last one, with %(tracks)d tracks and "
                                    "%(sessions)d sessions. Set its host and place.") % result.copied)
        return redirect("events:edition-edit", result.edition.pk)
    return _form_page(request, "events/core/clone.html", {"form": form, "edition": source})


@login_required
def tracks_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The edition's tracks with their seats, and a form to add one."""
    edition = _edition(request, pk)
    form = TrackForm(request.POST or None, initial={"position": edition.tracks.count()})
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.track_add(edition=edition, names=texts(d, "name"), capacity=d["capacity"], reserved=d["reserved"],
                               position=d["position"], now=timezone.now())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The track has been added."))
            return redirect("events:tracks", edition.pk)
    return _form_page(request, "events/core/tracks.html", {
        "edition": edition, "tracks": selectors.tracks_with_seats(edition), "form": form}, error=error)


@login_required
def track_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    track = object_or_404(Track.objects.select_related("pool", "edition__series"), pk=pk)
    edition = _edition(request, track.edition_id)
    form = TrackForm(request.POST or None, initial=TrackForm.initial_of(track))
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.track_update(track=track, names=texts(d, "name"), capacity=d["capacity"], reserved=d["reserved"],
                                  position=d["position"], now=timezone.now())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The track has been saved. Nobody who holds a seat loses it."))
            return redirect("events:tracks", edition.pk)
    return _form_page(request, "events/core/track_form.html", {"edition": edition, "track": track, "form": form},
                      error=error)


@login_required
@require_POST
def track_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    track = object_or_404(Track.objects.select_related("pool"), pk=pk)
    edition = _edition(request, track.edition_id)
    try:
        services.track_delete(track=track)
    except services.EditionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The track has been removed."))
    return redirect("events:tracks", edition.pk)


@login_required
def programme_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The programme: its sessions in order, and a form to add one."""
    edition = _edition(request, pk)
    return _session_form(request, edition, None)


@login_required
def session_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    session = object_or_404(Session.objects.select_related("edition", "track"), pk=pk)
    return _session_form(request, _edition(request, session.edition_id), session)


def _session_form(request: HttpRequest, edition: Edition, session: Session | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    zone = zone_of(edition.time_zone)
    if session is not None:
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        initial = {"day": start.date(), "start_time": start.time(), "end_time": end.time(), "track": session.track_id,
                   "room": session.room, "speakers": session.speakers, "languages": session.languages,
                   "interpretation": ", ".join("-".join(p) for p in session.interpretation),
                   **text_initial(session.titles, "title"), **text_initial(session.descriptions, "description")}
    else:
        initial = {"day": edition.starts_at.astimezone(zone).date(), "languages": edition.languages}
    form = SessionForm(request.POST or None, edition=edition, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(edition=edition, session=session, values=form.values())
        except services.EditionError as exc:
            error = exc.message
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("events:programme", edition.pk)
    sessions = list(selectors.programme(edition))
    for s in sessions:
        s.local_start, s.local_end = s.starts_at.astimezone(zone), s.ends_at.astimezone(zone)  # type: ignore[attr-defined]
    return _form_page(request, "events/core/programme.html", {
        "edition": edition, "session": session, "sessions": sessions, "form": form, "zone": zone.key}, error=error)


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    session = object_or_404(Session.objects.select_related("edition"), pk=pk)
    edition = _edition(request, session.edition_id)
    services.session_delete(session=session)
    messages.success(request, _("The session has been removed from the programme."))
    return redirect("events:programme", edition.pk)


@login_required
def network_new(request: HttpRequest) -> HttpResponse:
    if not keeps(request.user, None):
        raise deny(request, "create a network")
    return _network_form(request, None)


@login_required
def network_edit(request: HttpRequest, slug: Any) -> HttpResponse:
    network = selectors.network_for(slug)
    if not keeps(request.user, network):
        raise deny(request, f"keep network {network.slug}")
    return _network_form(request, network)


def _network_form(request: HttpRequest, network: Network | None) -> HttpResponse:
    initial = None
    if network is not None:
        members = list(selectors.network_members(network))
        initial = {"slug": network.slug, "coordinator": network.coordinator_id,
                   "municipalities": "\n".join(m.municipality.reference_line for m in members if m.municipality),
                   "organisations": [m.organisation_id for m in members if m.organisation_id and not m.municipality_id],
                   **text_initial(network.names, "name"), **text_initial(network.descriptions, "description")}
    form = NetworkForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = NetworkData(slug=d["slug"], names=texts(d, "name"), descriptions=texts(d, "description"),
                           coordinator=d["coordinator"], municipalities=d["municipalities"],
                           organisations=list(d["organisations"]))
        try:
            saved = network_save(network=network, data=data, today=timezone.localdate())
        except NetworkError as exc:
            error = exc.message
        else:
            messages.success(request, _("The network has been saved."))
            return redirect("events:network", saved.slug)
    return _form_page(request, "events/core/network_form.html", {"form": form, "network": network}, error=error)
