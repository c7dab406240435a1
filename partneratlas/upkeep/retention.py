"""The retention period for personal data (RETENTION_DAYS): what `partneratlas upkeep purge` removes.

- audit log entries (login names, addresses) older than the period, and the record of e-mails sent;
- the name and e-mail address of senders of proposals decided longer ago than the period,
  and, after two days, the hash used for the rate limit;
- contact persons of partnerships that ended longer ago than the period;
- web imports older than the period, and uploaded files left unconfirmed for a week.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partneratlas.editing.models import ImportJob
from partneratlas.notifications.services import purge as messages_purge
from partneratlas.people.models import AuditEvent
from partneratlas.registry.models import ContactPerson, Partnership, Status
from partneratlas.upkeep.models import Proposal

LABELS = {"uploaded files": _("uploaded files"), "sender hashes": _("sender hashes"),
          "audit events": _("audit log entries"), "sent messages": _("sent e-mails"),
          "proposal senders": _("senders of proposals"),
          "contact persons": _("contact persons"), "web imports": _("web imports")}
ABANDONED_UPLOAD = datetime.timedelta(days=7)
RATE_LIMIT_KEPT = datetime.timedelta(days=2)


def purge(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Counts of what was (or, with dry_run, would be) removed, by kind."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        _purge_uploads(now, counts, dry_run)
        counts["sender hashes"] = _apply(Proposal.objects.filter(created_at__lt=now - RATE_LIMIT_KEPT).exclude(
            sender=""), dry_run, sender="")
        if settings.RETENTION_DAYS > 0:
            cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS)
            audit = AuditEvent.objects.filter(at__lt=cutoff)
            counts["audit events"] = audit.count() if dry_run else audit.delete()[0]
            counts["sent messages"] = messages_purge(before=cutoff)  # rolled back with the rest on a dry run
            counts["proposal senders"] = _apply(
                Proposal.objects.filter(decided_at__lt=cutoff).exclude(name="", email=""), dry_run, name="", email="")
            ended = Partnership.objects.filter(status=Status.ENDED).annotate(
                last=Max("status_history__year")).filter(last__lt=cutoff.year).values("id")
            contacts = ContactPerson.objects.filter(partnership__in=ended)
            counts["contact persons"] = contacts.count() if dry_run else contacts.delete()[0]
            jobs = ImportJob.objects.filter(created_at__lt=cutoff)
            counts["web imports"] = jobs.count()
            if not dry_run:
                for job in jobs:
                    job.file.delete(save=False)
                jobs.delete()
        if dry_run:
            transaction.set_rollback(True)
    return counts


def _apply(qs: "QuerySet[Proposal]", dry_run: bool, **values: str) -> int:
    return qs.count() if dry_run else qs.update(**values)


def _purge_uploads(now: datetime.datetime, counts: dict[str, int], dry_run: bool) -> None:
    stale = ImportJob.objects.filter(created_at__lt=now - ABANDONED_UPLOAD).exclude(file="")
    counts["uploaded files"] = stale.count()
    if not dry_run:
        for job in stale:
            job.file.delete(save=False)
            job.state = job.state if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED) \
                else ImportJob.State.CANCELLED
            job.save(update_fields=["file", "state"])
