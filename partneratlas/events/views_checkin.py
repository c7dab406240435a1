"""Check-in at the door: a phone page (search by name, one tap per person, plain POST forms that work on a
slow connection and without script) and a printable list. Organisers only (events.access.organises).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partneratlas.events import checkin
from partneratlas.events.access import organises
from partneratlas.events.models import Edition
from partneratlas.events.registering import Refused
from partneratlas.events.selectors import edition_for
from partneratlas.events.views_registration import edition_url
from partneratlas.people.audit import deny
from partneratlas.site.shortcuts import object_or_404


def _organised(request: HttpRequest, pk: Any) -> Edition:
    edition = edition_for(request.user, pk)
    if not organises(request.user, edition):
        raise deny(request, f"check-in of edition {edition.pk}")
    return edition


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def checkin_page(request: HttpRequest, pk: Any) -> HttpResponse:
    """The door list: a search field and one button per person."""
    edition = _organised(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    done, total = checkin.checkin_counts(edition)
    return _private(render(request, "events/registration/checkin.html", {
        "edition": edition, "rows": list(checkin.checkin_list(edition, query=query)), "q": query, "done": done,
        "total": total, "edition_url": edition_url(edition)}))


@login_required
@require_POST
def checkin_tap(request: HttpRequest, pk: Any, registration_pk: Any) -> HttpResponse:
    """Check one person in (or undo it), then back to the list with the same search."""
    edition = _organised(request, pk)
    registration = object_or_404(edition.registrations.all(), pk=registration_pk)
    try:
        if request.POST.get("action") == "undo":
            checkin.checkin_undo(registration=registration)
            messages.success(request, _("%(name)s is no longer checked in.") % {"name": registration.name})
        else:
            checkin.checkin_mark(registration=registration, by=request.user, now=timezone.now())
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    except Refused as exc:
        messages.error(request, exc.message)
    query = request.POST.get("q", "").strip()[:100]
    url = reverse("events:checkin", args=[edition.pk])
    return redirect(url + ("?" + urlencode({"q": query}) if query else "") + f"#r{registration.pk}")


@login_required
def checkin_print(request: HttpRequest, pk: Any) -> HttpResponse:
    """The printable list: every confirmed participant with a box to tick, sorted by name."""
    edition = _organised(request, pk)
    done, total = checkin.checkin_counts(edition)
    return _private(render(request, "events/registration/checkin_print.html", {
        "edition": edition, "rows": list(checkin.checkin_list(edition)), "done": done, "total": total,
        "edition_url": edition_url(edition)}))
