"""`partneratlas events load-oda|daily`: the list of ODA recipients; the daily run (offers, reminders, passports)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.capacity.services import pools_sweep_due
from partneratlas.events.eligibility import DATA_FILE, oda_load
from partneratlas.events.feedback import invitations_due
from partneratlas.events.letters import passports_purge_due
from partneratlas.events.messages import reminders_send


class Command(BaseCommand):
    help = ("Events: load the OECD DAC list of ODA recipients; daily, expire offers, remind participants, "
            "purge passports, invite attendees to the feedback survey.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-oda", help="Load the list of ODA recipient countries by region (idempotent).")
        load.add_argument("--file", default=str(DATA_FILE), help="the list (CSV, see the default file's header)")
        sub.add_parser("daily", help="Expire offers past their time (the seat moves on), send reminders before "
                                     "editions, delete passport data of past editions, invite attendees of ended "
                                     "editions to the feedback survey.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-oda":
            self._load(Path(options["file"]))
            return
        now = timezone.now()
        swept = pools_sweep_due(now=now)
        self.stdout.write(ngettext("%(count)d pool with overdue offers swept.",
                                   "%(count)d pools with overdue offers swept.", swept) % {"count": swept})
        sent = reminders_send(now=now)
        self.stdout.write(ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent) % {"count": sent})
        purged = passports_purge_due(now=now)
        self.stdout.write(ngettext("%(count)d passport record deleted.", "%(count)d passport records deleted.",
                                   purged) % {"count": purged})
        invited = invitations_due(now=now)
        self.stdout.write(ngettext("%(count)d feedback invitation queued.", "%(count)d feedback invitations queued.",
                                   invited) % {"count": invited})

    def _load(self, path: Path) -> None:
        try:
            loaded = oda_load(path=path)
        except (OSError, ValueError) as exc:
            raise CommandError(_("The file %(file)s cannot be read: %(reason)s") % {"file": path, "reason": exc}
                               ) from exc
        self.stdout.write(_("ODA recipients: %(loaded)d loaded, %(unchanged)d unchanged, %(skipped)d skipped.")
                          % {"loaded": loaded.loaded, "unchanged": loaded.unchanged, "skipped": len(loaded.skipped)})
        for line in loaded.skipped:
            self.stdout.write(f"  {line}")
