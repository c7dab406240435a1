"""Reminders: the sides that have not submitted, some days before their round closes (daily, `checkup remind`)."""

import datetime

from django.db import transaction
from django.utils import timezone

from partneratlas.checkup.conf import remind_days
from partneratlas.checkup.models import Round, Side
from partneratlas.notifications.selectors import Recipient, recipient_of, recipients_by_address
from partneratlas.notifications.services import notify
from partneratlas.people.models import Member, Role


def editors_of(municipality_id: int) -> list[Recipient]:
    """The editors and admins of the municipality's administration (its own or as a partner), each in their language."""
    members = (Member.objects.filter(organisation__municipality_id=municipality_id, role__in=[Role.EDITOR, Role.ADMIN],
                                     user__is_active=True)
               .select_related("user__notification_preference").order_by("pk"))
    return [recipient_of(m.user) for m in members if m.user.email]


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue a reminder to each side that has not submitted, on each of settings.CHECKUP_REMIND_DAYS before closing.

    After commit, one e-mail per editor of the side's administration and to the partner
    link's reminder address, each in its recipient's language; exactly once per side, day
    and address (the event key), however often this runs. Returns how many were queued.
    """
    today = today or timezone.localdate()
    days = sorted(set(remind_days()))
    if not days:
        return 0
    window = today + datetime.timedelta(days=max(days))
    rounds = Round.objects.filter(closed_at__isnull=True, closes_on__gte=today, closes_on__lte=window).select_related(
        "partnership").prefetch_related("sides__response", "sides__municipality",
                                          "partnership__memberships__municipality")
    count = 0
    for round_ in rounds:
        left = (round_.closes_on - today).days
        due = [d for d in days if left <= d]
        if not due:
            continue
        step = min(due)  # the nearest reminder day reached; an earlier missed one is not sent late
        for side in round_.sides.all():
            if side.submitted:
                continue
            count += len(_remind(side, round_, step, left))
    return count


def _remind(side: Side, round_: Round, step: int, left: int) -> list[object]:
    recipients = editors_of(side.municipality_id)
    if side.link_hash and side.link_email:
        recipients += recipients_by_address([side.link_email], language=side.link_language or "de")
    return list(notify(event=f"checkup.reminder:{side.pk}:{round_.closes_on.isoformat()}:{step}",
                       template="checkup/mail/reminder", recipients=recipients,
                       context={"partnership": str(round_.partnership), "municipality": side.municipality.display_name,
                                "closes_on": round_.closes_on, "days": left, "round_id": round_.pk,
                                "uid": round_.partnership.uid, "by_link": bool(side.link_hash)}))
