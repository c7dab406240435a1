"""Attendance at the door: the confirmed participants, found by name, checked in with one tap.

The phone page sends plain POST forms (no script needed, works on a slow connection); the
printable list is the same selection with print CSS. Only confirmed registrations can be
checked in; a check-in can be undone (a tap on the wrong name).
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partneratlas.events.models import Edition, Registration
from partneratlas.events.registering import Refused

CONFIRMED = "confirmed"


def checkin_list(edition: Edition, *, query: str = "") -> QuerySet[Registration]:
    """The confirmed participants of the edition, by name; `query` matches name, organisation or e-mail."""
    found = (Registration.objects.filter(edition=edition, state=CONFIRMED)
             .select_related("track", "municipality", "delegation__municipality").order_by("name", "pk"))
    words = query.split()[:5]
    for word in words:
        found = found.filter(Q(name__icontains=word) | Q(organisation_name__icontains=word) | Q(email__icontains=word))
    return found


def checkin_counts(edition: Edition) -> tuple[int, int]:
    """(checked in, confirmed) for the page's heading."""
    confirmed = Registration.objects.filter(edition=edition, state=CONFIRMED)
    return confirmed.filter(attended_at__isnull=False).count(), confirmed.count()


@transaction.atomic
def checkin_mark(*, registration: Registration, by: Any, now: datetime.datetime) -> Registration:
    """Check the person in (again: nothing changes). Side effects: attended_at and who checked in."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != CONFIRMED:
        raise Refused(_("Only confirmed participants can be checked in."))
    if registration.attended_at is None:
        registration.attended_at, registration.checked_in_by = now, by
        registration.save(update_fields=["attended_at", "checked_in_by", "updated_at"])
    return registration


@transaction.atomic
def checkin_undo(*, registration: Registration) -> Registration:
    """Undo a check-in (the wrong name was tapped). Side effects: attended_at emptied."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.attended_at, registration.checked_in_by = None, None
    registration.save(update_fields=["attended_at", "checked_in_by", "updated_at"])
    return registration
