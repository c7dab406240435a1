"""One change of a claim's state, as reported to the app that owns the claim (one e-mail each, say)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """Claim `claim_id` of `holder` went from `old` to `new` at `at`.

    `old` is None when the claim was just made; `old` and `new` are values of Claim.State.
    """

    claim_id: int
    holder: str
    old: str | None
    new: str
    at: datetime.datetime
