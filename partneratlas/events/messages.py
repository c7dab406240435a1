"""Messages to participants and organisers, each in the recipient's language, exactly one per change.

- One message per transition of a registration's claim (receivers.py calls `transition_message`):
  received (awaiting approval), confirmed, waiting, offered (with accept and decline links and the
  deadline), declined, expired, rejected, cancelled. The event key names the claim and its new
  state, and a claim never enters a state twice, so a repeated signal queues nothing again.
- The organisers (editors of the series' organiser and of the host organisation) get one message
  when a registration awaits their approval and when a held seat is cancelled.
- Reminders some days before the edition (`reminders_send`, run daily by `partneratlas events daily`).
- A change of time, place or a cancellation of the edition (core's `edition_changed`): one message
  per active participant, keyed by the edition's calendar sequence.

Every participant message links to the person's own page and to their calendar file (.ics with
the edition's stable UID and SEQUENCE, METHOD:CANCEL once they cancelled or the edition was).
"""

import datetime
from typing import Any

from django.db.models import Q

from partneratlas.capacity.selectors import waiting_position
from partneratlas.capacity.transitions import Transition
from partneratlas.events.models import ACTIVE_STATES, Edition, Registration
from partneratlas.notifications.selectors import Recipient, recipient_of
from partneratlas.notifications.services import notify
from partneratlas.people.models import Member, Role

REMIND_DAYS = (7, 1)  # days before the edition's start
TEMPLATE = "events/mail/registration"


def kind_of(transition: Transition) -> str:
    """What the transition means to the person: the message's kind."""
    new = transition.new
    if new == "requested":
        return "received"
    if new in {"confirmed", "waiting", "offered", "declined", "expired", "rejected", "cancelled"}:
        return new
    return "changed"


def participant(registration: Registration) -> Recipient:
    return Recipient(email=registration.email, language=registration.language, user_id=registration.user_id)


def organisers_of(edition: Edition) -> list[Recipient]:
    """The editors and admins of the series' organiser and of the host organisation, each in their language."""
    orgs = [edition.series.organiser_id] + ([edition.host_organisation_id] if edition.host_organisation_id else [])
    members = (Member.objects.filter(organisation_id__in=orgs, role__in=[Role.EDITOR, Role.ADMIN], user__is_active=True)
               .select_related("user__notification_preference").order_by("pk"))
    return [recipient_of(m.user) for m in members if m.user.email]


def _context(registration: Registration, **extra: Any) -> dict[str, Any]:
    from partneratlas.events.registering import link_token

    return {"registration": registration, "edition": registration.edition, "track": registration.track,
            "token": link_token(registration), **extra}


def transition_message(*, registration: Registration, transition: Transition) -> int:
    """Queue the person's message about one transition (and the organisers' where they must act or know).

    Side effects: notify() messages, sent after commit. Returns how many were queued.
    """
    kind = kind_of(transition)
    extra: dict[str, Any] = {"kind": kind, "first": transition.old is None}
    if kind == "waiting":
        from partneratlas.capacity.models import Claim

        extra["position"] = waiting_position(Claim.objects.get(pk=transition.claim_id))
    if kind == "offered":
        from partneratlas.capacity.models import Claim

        extra["offered_until"] = Claim.objects.values_list("offered_until", flat=True).get(pk=transition.claim_id)
    sent = notify(event=f"events.claim:{transition.claim_id}:{transition.new}", recipients=[participant(registration)],
                  template=TEMPLATE, context=_context(registration, **extra))
    count = len(sent)
    if kind == "received" or (kind == "cancelled" and transition.old in {"confirmed", "offered"}):
        count += len(notify(event=f"events.claim:{transition.claim_id}:{transition.new}:organisers",
                            recipients=organisers_of(registration.edition), template="events/mail/organiser",
                            context={"registration": registration, "edition": registration.edition, "kind": kind,
                                     "track": registration.track}))
    return count


def reminders_send(*, now: datetime.datetime) -> int:
    """Remind confirmed participants REMIND_DAYS days before their edition starts (the nearest day reached).

    Exactly once per registration and reminder day, however often it runs. Side effects: messages.
    """
    horizon = now + datetime.timedelta(days=max(REMIND_DAYS))
    due = (Registration.objects.filter(state="confirmed", edition__state=Edition.State.PUBLISHED,
                                       edition__starts_at__gt=now, edition__starts_at__lte=horizon)
           .select_related("edition__series", "track").order_by("pk"))
    count = 0
    for registration in due:
        left = registration.edition.starts_at - now
        step = min(d for d in REMIND_DAYS if left <= datetime.timedelta(days=d))
        count += len(notify(event=f"events.reminder:{registration.pk}:{step}", recipients=[participant(registration)],
                            template="events/mail/reminder", context=_context(registration, days=step)))
    return count


def edition_changed_message(*, edition: Edition, fields: list[str], cancelled: bool) -> int:
    """One message per active participant of the edition about a change (or its cancellation).

    Keyed by the edition's calendar SEQUENCE: the same change never queues twice. Side effects: messages.
    """
    active = (Registration.objects.filter(edition=edition, state__in=ACTIVE_STATES)
              .filter(~Q(email="")).select_related("edition__series", "track").order_by("pk"))
    count = 0
    for registration in active:
        count += len(notify(event=f"events.edition:{edition.pk}:{edition.sequence}:{registration.pk}",
                            recipients=[participant(registration)], template="events/mail/changed",
                            context=_context(registration, fields=fields, cancelled=cancelled)))
    return count
