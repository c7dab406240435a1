"""The events app's answers to signals: seats changed (capacity), an edition changed (core).

Connected in EventsConfig.ready. Both run inside the sender's transaction, so what they write
(the registration's state, the queued messages) is rolled back with the step that caused it.
"""

from typing import Any

from partneratlas.capacity.transitions import Transition
from partneratlas.events import messages
from partneratlas.events.models import Edition, Registration

PREFIX = "events.registration:"


def registration_id(holder: str) -> int | None:
    _head, _sep, tail = holder.partition(":")
    return int(tail) if holder.startswith(PREFIX) and tail.isdigit() else None


def claims_changed(sender: Any, pool: Any, transitions: list[Transition], **_kwargs: Any) -> None:
    """Keep each registration's `state` in step with its claim and queue one message per transition."""
    ids = {registration_id(t.holder) for t in transitions} - {None}
    if not ids:
        return
    found = Registration.objects.select_related("edition__series", "track").in_bulk(ids)
    for transition in transitions:
        pk = registration_id(transition.holder)
        registration = found.get(pk) if pk is not None else None
        if pk is None or registration is None:
            continue
        Registration.objects.filter(pk=pk).update(state=transition.new)
        registration.state = transition.new
        messages.transition_message(registration=registration, transition=transition)


def edition_changed(sender: Any, edition: Edition, fields: list[str] | None = None, cancelled: bool = False,
                    **_kwargs: Any) -> None:
    """Tell every active participant once about a change of times, place or venue, or the cancellation."""
    messages.edition_changed_message(edition=edition, fields=list(fields or []), cancelled=cancelled)


def connect() -> None:
    """Called once from EventsConfig.ready."""
    from partneratlas.capacity.signals import claims_changed as capacity_signal
    from partneratlas.events.signals import edition_changed as edition_signal

    capacity_signal.connect(claims_changed, dispatch_uid="events.claims_changed")
    edition_signal.connect(edition_changed, dispatch_uid="events.edition_changed")
