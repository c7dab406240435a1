"""`partneratlas checkup load|remind|close|warn`: the content; daily reminders, closing rounds, early warnings."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.checkup.conf import DEFINITION
from partneratlas.checkup.loading import checkup_load
from partneratlas.checkup.reminders import reminders_send
from partneratlas.checkup.services import rounds_settle_due
from partneratlas.checkup.warnings import warnings_refresh, warnings_send
from partneratlas.questionnaires.definitions import DefinitionInvalid


class Command(BaseCommand):
    help = "The resilience check-up: load its questionnaire; daily, remind sides and close rounds past their day."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Import and publish the check-up's questionnaire (once).")
        load.add_argument("file", nargs="?", default=str(DEFINITION), help="the definition (JSON)")
        load.add_argument("--force", action="store_true", help="import the file as a new version although "
                                                               "the questionnaire exists with other versions")
        sub.add_parser("remind", help="Queue reminders to sides that have not submitted (daily).")
        sub.add_parser("close", help="Unseal and lock rounds whose closing day has passed (daily).")
        sub.add_parser("warn", help="Store the early warnings of partnerships drifting towards dormancy for "
                                             "the dashboard and e-mail them (daily).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            count = reminders_send()
            self.stdout.write(ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", count)
                              % {"count": count})
        elif options["action"] == "warn":
            today = timezone.localdate()
            warnings_refresh(today=today)  # the dashboard's stored warnings, then the e-mails
            count = warnings_send(today=today)
            self.stdout.write(ngettext("%(count)d warning queued.", "%(count)d warnings queued.", count)
                              % {"count": count})
        elif options["action"] == "close":
            count = rounds_settle_due()
            self.stdout.write(ngettext("%(count)d round closed.", "%(count)d rounds closed.", count)
                              % {"count": count})
        else:
            self._load(Path(options["file"]), options["force"])

    def _load(self, path: Path, force: bool) -> None:
        try:
            outcome, version = checkup_load(path=path, force=force)
        except OSError as exc:
            raise CommandError(_("The file %(file)s cannot be read: %(reason)s") % {"file": path, "reason": exc}
                               ) from exc
        except DefinitionInvalid as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        if outcome == "kept":
            self.stdout.write(_("The check-up questionnaire exists with other versions; they are kept. "
                                "Use --force to import the file as a new version."))
        elif outcome == "unchanged":
            self.stdout.write(_("Already loaded: version %(number)d.") % {"number": version.number if version else 0})
        else:
            self.stdout.write(_("Loaded and published: version %(number)d.") % {
                "number": version.number if version else 0})
