"""Records nobody has checked for a year are marked in public, and their owners reminded.

When a record counts as checked is registry.freshness's rule. `partneratlas upkeep remind`
(daily, e.g. from cron) queues one reminder per administration with stale partnerships, at
most every REMIND_EVERY_DAYS.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from partneratlas.people.models import Organisation, OrganisationKind
from partneratlas.registry.freshness import checked_on, is_stale, stale_before, stale_q
from partneratlas.registry.models import Partnership
from partneratlas.upkeep.models import Reminder
from partneratlas.upkeep.services import editor_emails

__all__ = ["checked_on", "due_organisations", "is_stale", "recipients", "remind", "stale_before", "stale_partnerships",
           "stale_q"]


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
