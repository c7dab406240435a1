"""Writes of seats: request, approve, reject, cancel, accept, decline; resize and sweep a pool.

Every function is keyword-only, takes `now` and runs in one transaction holding the pool's
lock (locking.py). It reports every change of a claim's state exactly once, through the
signal `claims_changed` (signals.py) at its end, inside the transaction. An illegal step
raises NotAllowed and changes nothing. Whenever a seat is freed (or an offer found past its
time) the step sweeps: offers past their time expire, and free seats are offered to the
longest-waiting claims that fit (rules.py).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from partneratlas.capacity.errors import AlreadyClaimed, NotAllowed, OfferExpired
from partneratlas.capacity.locking import pool_locked
from partneratlas.capacity.models import ACTIVE, Claim, ClaimState, Pool
from partneratlas.capacity.moves import Step
from partneratlas.capacity.transitions import Transition

S = ClaimState


def _refused(action: str, claim: Claim) -> NotAllowed:
    state = claim.get_state_display()
    messages = {
        "approve": _("Only a request awaiting approval can be approved; this one is “%(state)s”."),
        "reject": _("Only a request awaiting approval or a place on the waiting list can be rejected; this one "
                    "is “%(state)s”."),
        "cancel": _("This is “%(state)s” already; there is nothing to cancel."),
        "accept": _("Only an offered seat can be accepted; this one is “%(state)s”."),
        "decline": _("Only an offered seat can be declined; this one is “%(state)s”."),
    }
    return NotAllowed(messages[action] % {"state": state})


@contextmanager
def _claim_step(claim: Claim, action: str, allowed: frozenset[str], now: datetime.datetime) -> Iterator[Step]:
    """Lock the claim's pool, read the claim again into the caller's object, refuse a step its state does not
    allow, and report the step's transitions at the end."""
    with pool_locked(claim.pool_id) as pool:
        claim.refresh_from_db()
        claim.pool = pool
        if claim.state not in allowed:
            raise _refused(action, claim)
        step = Step(pool=pool, now=now)
        step.know(claim)
        yield step
        step.finish()


def _copy_pool(target: Pool, source: Pool) -> None:
    for field in ("capacity", "reserved", "reserved_for", "offer_hours", "version"):
        setattr(target, field, getattr(source, field))


def pool_ensure(*, key: str, capacity: int, reserved: int = 0, reserved_for: str = "", offer_hours: int = 48,
                now: datetime.datetime) -> Pool:
    """The pool of `key`, made with these numbers if there is none yet (an existing one is left as it is;
    change its numbers with pool_resize)."""
    if reserved > capacity:
        raise NotAllowed(_("There cannot be more reserved seats (%(reserved)d) than seats (%(capacity)d).")
                         % {"reserved": reserved, "capacity": capacity})
    pool, _created = Pool.objects.get_or_create(key=key, defaults={
        "capacity": capacity, "reserved": reserved, "reserved_for": reserved_for, "offer_hours": offer_hours})
    return pool


def claim_request(*, pool: Pool, holder: str, category: str = "", approval: bool = False,
                  now: datetime.datetime) -> Claim:
    """A new claim of `holder`: REQUESTED when it needs approval (holding no seat), else CONFIRMED when a seat
    fits it, else WAITING at the end of the waiting list.

    Offers past their time expire first and their seats go to those already waiting, so a
    newcomer never overtakes the waiting list. Raises AlreadyClaimed while the holder has an
    active claim in the pool. Side effects: claims_changed (every transition of the step).
    """
    with pool_locked(pool.pk) as locked:
        if Claim.objects.filter(pool=locked, holder=holder, state__in=ACTIVE).exists():
            raise AlreadyClaimed()
        step = Step(pool=locked, now=now)
        step.sweep()
        fits = step.seats.fits(category)
        state = S.REQUESTED if approval else (S.CONFIRMED if fits else S.WAITING)
        claim = step.create(holder=holder, category=category, state=state)
        step.finish()
    _copy_pool(pool, locked)
    return claim


def claim_approve(*, claim: Claim, now: datetime.datetime) -> Claim:
    """REQUESTED → CONFIRMED when a seat fits it, else WAITING (at the end of the waiting list).

    Side effects: claims_changed; the claim object passed in is updated too.
    """
    with _claim_step(claim, "approve", frozenset({S.REQUESTED}), now) as step:
        step.sweep()
        step.move(claim, S.CONFIRMED if step.seats.fits(claim.category) else S.WAITING)
    return claim


def claim_reject(*, claim: Claim, now: datetime.datetime) -> Claim:
    """REQUESTED or WAITING → REJECTED (a rejected claim held no seat). Side effects: claims_changed."""
    with _claim_step(claim, "reject", frozenset({S.REQUESTED, S.WAITING}), now) as step:
        step.move(claim, S.REJECTED)
        step.sweep()
    return claim


def claim_cancel(*, claim: Claim, now: datetime.datetime) -> Claim:
    """Any active claim → CANCELLED; a seat it held is offered to the next one waiting at once.

    Side effects: claims_changed (the cancellation and the offers it made possible).
    """
    with _claim_step(claim, "cancel", ACTIVE, now) as step:
        step.move(claim, S.CANCELLED)
        step.sweep()
    return claim


def claim_accept(*, claim: Claim, now: datetime.datetime) -> Claim:
    """OFFERED → CONFIRMED while `now` is not past `offered_until`.

    Past it, the offer expires and its seat goes to the next one waiting; that is committed
    (with the receivers' writes) before OfferExpired is raised: the exception is raised
    after the transaction's block has ended. A caller that wraps this call in its own
    transaction must catch OfferExpired inside it, or its transaction rolls the expiry back.
    Side effects: claims_changed.
    """
    expired = False
    with _claim_step(claim, "accept", frozenset({S.OFFERED}), now) as step:
        if claim.offered_until is not None and now > claim.offered_until:
            expired = True
        else:
            step.move(claim, S.CONFIRMED)
        step.sweep()  # expires this offer when it is past its time, and any other one
    if expired:
        raise OfferExpired()
    return claim


def claim_decline(*, claim: Claim, now: datetime.datetime) -> Claim:
    """OFFERED → DECLINED; the seat is offered to the next one waiting. Side effects: claims_changed."""
    with _claim_step(claim, "decline", frozenset({S.OFFERED}), now) as step:
        step.move(claim, S.DECLINED)
        step.sweep()
    return claim


def pool_resize(*, pool: Pool, capacity: int, reserved: int | None = None, now: datetime.datetime) -> Pool:
    """Set the pool's seats (and reserved seats; None keeps them, lowered to the capacity if need be).

    Nobody is evicted and no offer is withdrawn: after lowering, claims keep their seats and
    no new seat is handed out until fewer are held than there are seats. New seats are
    offered to those waiting at once. Side effects: claims_changed when offers were made.
    """
    if capacity < 0 or (reserved is not None and reserved < 0):
        raise NotAllowed(_("The number of seats cannot be negative."))
    if reserved is not None and reserved > capacity:
        raise NotAllowed(_("There cannot be more reserved seats (%(reserved)d) than seats (%(capacity)d).")
                         % {"reserved": reserved, "capacity": capacity})
    with pool_locked(pool.pk) as locked:
        locked.capacity = capacity
        locked.reserved = min(locked.reserved if reserved is None else reserved, capacity)
        locked.save(update_fields=["capacity", "reserved"])
        step = Step(pool=locked, now=now)
        step.sweep()
        step.finish()
    _copy_pool(pool, locked)
    return pool


def pool_sweep(*, pool: Pool, now: datetime.datetime) -> list[Transition]:
    """Expire the pool's offers past their time, then offer free seats to the longest-waiting claims that fit.

    Returns the transitions (also sent through claims_changed).
    """
    with pool_locked(pool.pk) as locked:
        step = Step(pool=locked, now=now)
        step.sweep()
        transitions = step.finish()
    _copy_pool(pool, locked)
    return transitions


def pools_sweep_due(*, now: datetime.datetime) -> int:
    """Sweep every pool with an offer past its time, each in its own transaction; returns how many pools.

    For the periodic command `partneratlas capacity sweep`.
    """
    due = (Claim.objects.filter(state=S.OFFERED, offered_until__lt=now)
           .values_list("pool_id", flat=True).distinct().order_by("pool_id"))
    pool_ids = list(due)
    for pool_id in pool_ids:
        pool_sweep(pool=Pool(pk=pool_id), now=now)
    return len(pool_ids)
