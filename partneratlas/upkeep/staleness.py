"""Records nobody has checked for a year are marked in public, and their owners reminded.

A partnership counts as checked on its "last verified" date, or, never verified, on the
day it was recorded. `partneratlas upkeep remind` (daily, e.g. from cron) queues one
reminder per administration with stale partnerships, at most every REMIND_EVERY_DAYS.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.registry.models import Partnership
from partneratlas.upkeep.models import Reminder
from partneratlas.upkeep.services import editor_emails


def stale_before(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def stale_q(today: datetime.date | None = None) -> Q:
    cutoff = stale_before(today)
    return Q(verified_on__lt=cutoff) | Q(verified_on__isnull=True, created_at__date__lt=cutoff)


def checked_on(partnership: Any) -> datetime.date:
    return partnership.verified_on or timezone.localdate(partnership.created_at)


def is_stale(partnership: Any, today: datetime.date | None = None) -> bool:
    return checked_on(partnership) < stale_before(today)


def stale_partnerships(organisation: Organisation, today: datetime.date | None = None) -> list[Partnership]:
    return list(Partnership.objects.filter(stale_q(today), memberships__municipality=organisation.municipality_id)
                .prefetch_related("memberships__municipality").order_by("verified_on", "id"))


def recipients(organisation: Organisation) -> list[str]:
    return editor_emails(pk=organisation.pk)


def due_organisations(today: datetime.date | None = None) -> list[int]:
    """Administrations with stale partnerships that have not been reminded lately."""
    today = today or timezone.localdate()
    municipalities = Partnership.objects.filter(stale_q(today)).values_list("memberships__municipality_id", flat=True)
    organisations = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY,
                                                municipality_id__in=municipalities)
    recent = set(Reminder.objects.filter(
        sent_at__date__gt=today - datetime.timedelta(days=settings.REMIND_EVERY_DAYS)).values_list(
        "organisation_id", flat=True))
    return sorted(o.pk for o in organisations if o.pk not in recent)


def remind(today: datetime.date | None = None) -> int:
    from partneratlas.upkeep.tasks import send_reminder

    due = due_organisations(today)
    for organisation_id in due:
        send_reminder.enqueue(organisation_id, (today or timezone.localdate()).isoformat())
    return len(due)
