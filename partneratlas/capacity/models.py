"""Seats and who holds them: a pool of seats (Pool) and one claim per holder and request (Claim).

The pool and its claims belong to a caller that names them by its own keys ("events.track:12",
"events.registration:55"); this app knows nothing of what the seats are for. Every change goes
through services.py under the pool's lock (locking.py); read through selectors.py.
"""

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Pool(models.Model):
    """A number of seats (Plätze), some of which may be kept for one category of claim."""

    key = models.CharField(_("key"), max_length=100, unique=True,
                           help_text=_("The owner's name for the pool, e.g. events.track:12."))
    capacity = models.PositiveIntegerField(_("seats"))
    reserved = models.PositiveIntegerField(_("reserved seats"), default=0,
                                           help_text=_("Seats only claims of the reserved category may take."))
    reserved_for = models.CharField(_("reserved for"), max_length=40, blank=True,
                                    help_text=_("The category the reserved seats are kept for."))
    offer_hours = models.PositiveIntegerField(_("hours to accept an offered seat"), default=48)
    version = models.PositiveIntegerField(default=0, editable=False)  # bumped by every locked step

    class Meta:
        verbose_name = _("pool of seats")
        verbose_name_plural = _("pools of seats")
        constraints = [
            models.CheckConstraint(condition=Q(reserved__lte=F("capacity")), name="capacity_pool_reserved_le_capacity"),
        ]

    def __str__(self) -> str:
        return self.key


class ClaimState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")  # holds no seat until approved
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("seat offered")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("offer declined")
    EXPIRED = "expired", _("offer expired")
    REJECTED = "rejected", _("rejected")


ACTIVE = frozenset({ClaimState.REQUESTED, ClaimState.WAITING, ClaimState.OFFERED, ClaimState.CONFIRMED})
HOLDING = frozenset({ClaimState.OFFERED, ClaimState.CONFIRMED})  # these take a seat


class Claim(models.Model):
    """One holder's claim to a seat of a pool: requested, waiting, offered, confirmed, or ended."""

    State = ClaimState
    ACTIVE: ClassVar[frozenset[str]] = ACTIVE
    HOLDING: ClassVar[frozenset[str]] = HOLDING

    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="claims")
    holder = models.CharField(_("holder"), max_length=100,
                              help_text=_("The owner's name for the claim, e.g. events.registration:55."))
    category = models.CharField(_("category"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    created_at = models.DateTimeField(_("created"))
    changed_at = models.DateTimeField(_("changed"))
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)  # the waiting list's order
    offered_until = models.DateTimeField(_("offer valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim to a seat")
        verbose_name_plural = _("claims to seats")
        constraints = [
            models.UniqueConstraint(fields=["pool", "holder"], condition=Q(state__in=sorted(ACTIVE)),
                                    name="capacity_one_active_claim_per_holder"),
        ]
        indexes = [
            models.Index(fields=["pool", "state", "waiting_since"], name="capacity_claim_queue"),
            models.Index(fields=["state", "offered_until"], name="capacity_claim_offer_due"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} ({self.state})"
