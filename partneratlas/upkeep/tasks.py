"""E-mails about proposals and stale records, as tasks (at once by default, by the worker in production).

Each task fetches by id and calls one service of `upkeep.notices`, which queues the messages
through notifications; a task run twice sends nothing twice.
"""

import datetime

from django_tasks import task

from partneratlas.people.models import Organisation
from partneratlas.upkeep import notices
from partneratlas.upkeep.models import Proposal


@task()
def notify_reviewers(proposal_id: int) -> None:
    notices.proposal_reviewers_notify(
        proposal=Proposal.objects.select_related("partnership", "municipality").get(pk=proposal_id))


@task()
def notify_sender(proposal_id: int) -> None:
    notices.proposal_sender_notify(
        proposal=Proposal.objects.select_related("partnership", "municipality").get(pk=proposal_id))


@task()
def send_reminder(organisation_id: int, day: str) -> None:
    notices.reminder_send(organisation=Organisation.objects.get(pk=organisation_id),
                          today=datetime.date.fromisoformat(day))
