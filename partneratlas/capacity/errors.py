"""What the capacity services refuse, each with a message in the reader's language.

Every refusal changes nothing, except OfferExpired: the expiry it reports is committed
before it is raised (see services.claim_accept).
"""

from django.utils.translation import gettext as _


class CapacityError(Exception):
    """A rule of the seats forbids the step; `message` says which, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(CapacityError):
    """The step does not fit the claim's state (accept a confirmed seat, cancel a cancelled one …)."""


class AlreadyClaimed(CapacityError):
    """The holder already has an active claim (requested, waiting, offered or confirmed) in the pool."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This is already registered: a second request is not possible while the "
                                      "first one is pending, waiting, offered or confirmed."))


class OfferExpired(CapacityError):
    """The offered seat was not accepted in time; it has gone to the next one waiting."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("The time to accept the offered seat has run out; the seat has been offered "
                                      "to the next person waiting."))
