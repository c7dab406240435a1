import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partneratlas.activities.demo import demo_activities_load
from partneratlas.activities.models import Activity, ActivityKind, Visibility
from partneratlas.activities.services import ActivityData, activity_save
from partneratlas.checkup import demo as checkup_demo
from partneratlas.events.demo import demo_load as events_demo_load
from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.importing.importer import registry_import
from partneratlas.registry.models import Partnership
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
        today = timezone.localdate()
        logged = demo_activities_load(today=today) + _checkup_activities_log(today)
        self.stdout.write(_("Demo activities: %(count)d logged.") % {"count": logged})
        rounds = checkup_demo.demo_checkup_load(today=today)
        self.stdout.write(_("Demo check-up rounds: %(count)d answered by both sides.") % {"count": rounds})
        editions = events_demo_load(today=today)
        self.stdout.write(_("Demo events: %(count)d editions added.") % {"count": editions})


def _checkup_activities_log(today: datetime.date) -> int:
    """The check-up demo's recent activities (dates relative to today), logged once per partnership and title."""
    rows = checkup_demo.activities(today)
    places = dict(Municipality.objects.filter(ref__in={r[k] for r in rows for k in ("member", "partner")})
                  .values_list("ref", "id"))
    kinds = dict(ActivityKind.objects.values_list("code", "id"))
    logged = 0
    for r in rows:
        if r["member"] not in places or r["partner"] not in places or r["kind"] not in kinds:
            continue
        partnership = (Partnership.objects.filter(memberships__municipality_id=places[r["member"]])
                       .filter(memberships__municipality_id=places[r["partner"]]).order_by("id").first())
        if partnership is None or Activity.objects.filter(partnership=partnership, title=r["title"]).exists():
            continue
        data = ActivityData(kind_id=kinds[r["kind"]], date=r["date"], end_date=r["end_date"],
                            direction=r["direction"], title=r["title"], note=r["note"],
                            language="zh" if r["side"] == r["partner"] and r["languages"][0] == "zh" else "de",
                            side_id=places[r["side"]], languages=r["languages"], actors=r["actors"],
                            youth=r["young_people"] is not None, young_people=r["young_people"],
                            visibility=Visibility.PUBLIC if r["public"] else Visibility.INTERNAL)
        activity_save(partnership=partnership, activity=None, data=data,
                      author=Author("demo", name="demo data"), today=today)
        logged += 1
    return logged
