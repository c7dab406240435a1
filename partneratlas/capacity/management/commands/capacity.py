"""`partneratlas capacity sweep`: expire offered seats that were not accepted in time and pass them on.

Run it every few minutes (cron, a systemd timer): an offer also expires when anyone touches
its pool, but without the sweep a pool nobody touches keeps an expired offer's seat.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import ngettext

from partneratlas.capacity.services import pools_sweep_due


class Command(BaseCommand):
    help = "Seats: expire offers past their time and offer the seats to the next ones waiting (every few minutes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="Expire offers past their time and offer free seats to those waiting.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = pools_sweep_due(now=timezone.now())
        self.stdout.write(ngettext("%(count)d pool swept.", "%(count)d pools swept.", count) % {"count": count})
