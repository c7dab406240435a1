"""E-mails about proposals and stale records, sent as tasks (at once by default, by the worker in production)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from partneratlas.people.models import Organisation
from partneratlas.upkeep import services, staleness
from partneratlas.upkeep.models import Proposal, Reminder


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(template: str, context: dict[str, object], to: list[str]) -> None:
    subject, _blank, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, to)


@task()
def notify_reviewers(proposal_id: int) -> None:
    proposal = Proposal.objects.select_related("partnership", "municipality").get(pk=proposal_id)
    to = services.reviewers(proposal)
    if to:
        with translation.override(settings.LANGUAGE_CODE):
            _send("upkeep/email/new_proposal.txt",
                  {"proposal": proposal, "url": _url("upkeep:proposal", proposal.pk)}, to)


@task()
def notify_sender(proposal_id: int) -> None:
    proposal = Proposal.objects.select_related("partnership", "municipality").get(pk=proposal_id)
    if proposal.email:
        with translation.override(proposal.language):
            _send("upkeep/email/decided.txt", {"proposal": proposal}, [proposal.email])


@task()
def send_reminder(organisation_id: int, day: str) -> None:
    today = datetime.date.fromisoformat(day)
    organisation = Organisation.objects.get(pk=organisation_id)
    partnerships = staleness.stale_partnerships(organisation, today)
    to = staleness.recipients(organisation)
    if not partnerships or not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        _send("upkeep/email/reminder.txt", {
            "organisation": organisation, "partnerships": [(p, staleness.checked_on(p)) for p in partnerships],
            "dashboard": _url("editing:dashboard") + "?stale=1", "months": settings.STALE_AFTER_DAYS // 30}, to)
    Reminder.objects.create(organisation=organisation, partnerships=len(partnerships), recipients=len(to))
