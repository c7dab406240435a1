"""The retention period for personal data (RETENTION_DAYS): what `partneratlas upkeep purge` removes.

Every app registers its own purgers with `partneratlas.retention` (see each app's
AppConfig.ready()); this module registers those of the layers below the capabilities and
of upkeep itself:

- audit log entries (login names, addresses) older than the period;
- the name and e-mail address of senders of proposals decided longer ago than the period,
  and, after two days, the hash used for the rate limit;
- contact persons of partnerships that ended longer ago than the period;
- revisions of records that no longer exist, older than the period.

The editing app adds web imports older than the period and uploads left unconfirmed for a week.
"""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partneratlas import retention
from partneratlas.history import services as history
from partneratlas.people.models import AuditEvent
from partneratlas.registry.models import ContactPerson, Partnership, Status
from partneratlas.upkeep.models import Proposal

RATE_LIMIT_KEPT = datetime.timedelta(days=2)
Cutoff = datetime.datetime | None


def purge(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Counts of what was (or, with dry_run, would be) removed, by kind; every registered purger runs."""
    return retention.purge_all(now or timezone.now(), dry_run=dry_run)


def _apply(qs: "QuerySet[Proposal]", dry_run: bool, **values: str) -> int:
    return qs.count() if dry_run else qs.update(**values)


def purge_sender_hashes(now: datetime.datetime, _cutoff: Cutoff, dry_run: bool) -> int:
    return _apply(Proposal.objects.filter(created_at__lt=now - RATE_LIMIT_KEPT).exclude(sender=""), dry_run, sender="")


def purge_audit_events(_now: datetime.datetime, cutoff: Cutoff, dry_run: bool) -> int:
    if cutoff is None:
        return 0
    audit = AuditEvent.objects.filter(at__lt=cutoff)
    return audit.count() if dry_run else audit.delete()[0]


def purge_proposal_senders(_now: datetime.datetime, cutoff: Cutoff, dry_run: bool) -> int:
    if cutoff is None:
        return 0
    return _apply(Proposal.objects.filter(decided_at__lt=cutoff).exclude(name="", email=""), dry_run, name="",
                  email="")


def purge_contacts(_now: datetime.datetime, cutoff: Cutoff, dry_run: bool) -> int:
    if cutoff is None:
        return 0
    ended = Partnership.objects.filter(status=Status.ENDED).annotate(
        last=Max("status_history__year")).filter(last__lt=cutoff.year).values("id")
    contacts = ContactPerson.objects.filter(partnership__in=ended)
    return contacts.count() if dry_run else contacts.delete()[0]


def purge_history(_now: datetime.datetime, cutoff: Cutoff, dry_run: bool) -> int:
    return 0 if cutoff is None else history.purge(before=cutoff, dry_run=dry_run)


def register() -> None:
    retention.register("sender hashes", _("sender hashes"), purge_sender_hashes)
    retention.register("audit events", _("audit log entries"), purge_audit_events)
    retention.register("proposal senders", _("senders of proposals"), purge_proposal_senders)
    retention.register("contact persons", _("contact persons"), purge_contacts)
    retention.register("revisions", _("revisions of deleted records"), purge_history)
