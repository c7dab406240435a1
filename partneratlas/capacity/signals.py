"""`claims_changed`: every change of a claim's state, reported exactly once.

Sent once at the end of each service call that changed something, inside its transaction
(and holding the pool's lock), so that receivers write in the same transaction: when the
step is rolled back, so is what the receivers wrote. Arguments: sender=Pool, pool (the
locked pool), transitions (a list of Transition, in the order they happened).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.dispatch import Signal

from partneratlas.capacity.transitions import Transition

claims_changed = Signal()


@contextmanager
def recording() -> Iterator[list[Transition]]:
    """Collect every transition reported while the block runs (for tests and checks)."""
    seen: list[Transition] = []

    def receiver(sender: Any, transitions: list[Transition], **_kwargs: Any) -> None:
        seen.extend(transitions)

    claims_changed.connect(receiver, weak=False)
    try:
        yield seen
    finally:
        claims_changed.disconnect(receiver)
