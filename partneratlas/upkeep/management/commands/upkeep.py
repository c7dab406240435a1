"""`partneratlas upkeep remind` and `partneratlas upkeep purge`: run both daily, e.g. from cron."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.retention import label
from partneratlas.upkeep import retention, staleness


class Command(BaseCommand):
    help = "Keep the registry fresh: remind owners of stale records; remove personal data past retention."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="Queue reminder e-mails to administrations with stale partnerships.")
        purge = sub.add_parser("purge", help="Remove personal data older than RETENTION_DAYS.")
        purge.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            count = staleness.remind()
            self.stdout.write(ngettext("A reminder queued for %(count)d administration.",
                                       "Reminders queued for %(count)d administrations.", count) % {"count": count})
            return
        counts = retention.purge(dry_run=options["dry_run"])
        heading = _("Would remove:") if options["dry_run"] else _("Removed:")
        self.stdout.write(heading + " " + ", ".join(f"{label(name)} {n}" for name, n in counts.items()))
