"""Signals inside the events capability, so that its parts stay apart.

- `edition_changed(sender=Edition, edition, fields, cancelled)`: sent by the edition services inside the
  transaction after an organiser changed what participants must know (times, place, venue, cancellation);
  `fields` names what changed. The messages module answers it with exactly one message per participant.
"""

from django.dispatch import Signal

edition_changed = Signal()
