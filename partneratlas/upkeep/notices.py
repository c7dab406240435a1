"""The e-mails of upkeep, through notifications: each person reads them in their own language.

- a new proposal to the editors who decide it, each in the language of their account;
- the decision to the proposal's sender, in the language they wrote the proposal in;
- a reminder of stale records to an administration's editors, each in their language.
"""

import datetime

from django.conf import settings
from django.db import transaction

from partneratlas.notifications.models import Message
from partneratlas.notifications.selectors import Recipient, recipients_by_address, supported
from partneratlas.notifications.services import notify
from partneratlas.people.models import Organisation
from partneratlas.upkeep import services, staleness
from partneratlas.upkeep.models import Proposal, Reminder


@transaction.atomic
def proposal_reviewers_notify(*, proposal: Proposal) -> list[Message]:
    """Tell the deciding editors of a new proposal. Side effects: a message to each, once per proposal."""
    return notify(event=f"upkeep.proposal:{proposal.pk}:submitted", template="upkeep/mail/new_proposal",
                  recipients=recipients_by_address(services.reviewers(proposal), language=settings.LANGUAGE_CODE),
                  context={"proposal": proposal})


@transaction.atomic
def proposal_sender_notify(*, proposal: Proposal) -> list[Message]:
    """Tell the sender (if they left an address) how their proposal was decided. Side effects: one message, once."""
    if not proposal.email:
        return []
    return notify(event=f"upkeep.proposal:{proposal.pk}:decided", template="upkeep/mail/decided",
                  recipients=[Recipient(email=proposal.email, language=supported(proposal.language))],
                  context={"proposal": proposal})


@transaction.atomic
def reminder_send(*, organisation: Organisation, today: datetime.date) -> int:
    """Remind an administration's editors of its stale partnerships; returns how many were reminded.

    Side effects: a message to each editor and a Reminder row, once per administration and day
    (a repeated task sends and records nothing again).
    """
    partnerships = staleness.stale_partnerships(organisation, today)
    to = recipients_by_address(staleness.recipients(organisation), language=settings.LANGUAGE_CODE)
    if not partnerships or not to:
        return 0
    sent = notify(event=f"upkeep.reminder:{organisation.pk}:{today.isoformat()}", template="upkeep/mail/reminder",
                  recipients=to, context={
                      "organisation": organisation, "months": settings.STALE_AFTER_DAYS // 30,
                      "partnerships": [(p, staleness.checked_on(p)) for p in partnerships]})
    if sent:
        Reminder.objects.create(organisation=organisation, partnerships=len(partnerships), recipients=len(sent))
    return len(sent)
