from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partneratlas.activities.demo import demo_activities_load
from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.services import Author

DATA = Path(__file__).resolve().parents[2] / "data" / "partnerships.csv"


class Command(BaseCommand):
    help = "Load the demo partnerships (facts from the seeds) through the importer and resolution service."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):  # the site's language, as the import report
            self._load()

    def _load(self) -> None:
        result = registry_import(path=DATA, author=Author("demo"))
        counts = result.counts()
        self.stdout.write(_("Demo data: %(create)d created, %(update)d updated, %(unchanged)d unchanged.")
                          % {key: counts[key] for key in ("create", "update", "unchanged")})
        for row in result.rows:
            if row.status != "placed":
                self.stdout.write("  " + _("row %(row)d left for curation (%(status)s): %(reason)s")
                                  % {"row": row.row, "status": row.status, "reason": row.reason})
        logged = demo_activities_load(today=timezone.localdate())
        self.stdout.write(_("Demo activities: %(count)d logged.") % {"count": logged})
