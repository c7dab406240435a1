from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.gazetteer.loading import gazetteer_load
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.progress import ProgressBar


class Command(BaseCommand):
    help = "Load the offline gazetteer, or resolve a name against it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load GeoNames places (≥500 inhabitants), countries, Länder, provinces.")
        load.add_argument("--force", action="store_true", help="Reload even if this source was loaded before.")
        resolve = sub.add_parser("resolve", help="Show how a name resolves.")
        resolve.add_argument("name")
        resolve.add_argument("--country", default="")
        resolve.add_argument("--region", default="")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(action, options)

    def _handle(self, action: str, options: dict[str, Any]) -> None:
        if action == "load":
            record = gazetteer_load(force=options["force"], progress=ProgressBar("gazetteer"))
            if record is None:
                self.stdout.write(_("Gazetteer already loaded; nothing to do (use --force to reload)."))
            else:
                self.stdout.write(self.style.SUCCESS(
                    _("Loaded %(places)s places and %(names)s search names in %(seconds).1f s.") % {
                        "places": f"{record.places:,}", "names": f"{record.names:,}", "seconds": record.seconds}))
        else:
            result = Resolver().resolve(options["name"], options["country"], options["region"])
            self.stdout.write(f"{result.status}: {result.reason}")
            regions = Resolver().region_names()
            for candidate in result.candidates[:10]:
                mark = "*" if candidate.id == result.municipality_id else " "
                self.stdout.write(f" {mark} {candidate.describe(regions)}")
