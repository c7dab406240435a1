"""The agency's dashboard of partnerships at risk of falling dormant (issue 12, point 6): sortable, and as CSV.

Agency staff only. The list is what `warnings.warnings_of` raises on today's date.
"""

import csv
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.cells import neutralise
from partneratlas.checkup.indicators import STATE_LABELS
from partneratlas.checkup.warnings import EarlyWarning, warnings_of
from partneratlas.registry.models import Membership, Partnership
from partneratlas.site.access import access_required, is_staff

SORTS = ("level", "months", "partnership", "score")


@dataclass(frozen=True)
class Row:
    partnership: Partnership
    warning: EarlyWarning
    name: str

    @property
    def level_label(self) -> str:
        return str(STATE_LABELS[self.warning.level])

    @property
    def reasons_text(self) -> str:
        return "; ".join(str(r) for r in self.warning.reasons)


def _key(sort: str) -> Any:
    if sort == "months":
        return lambda r: (-(r.warning.months if r.warning.months is not None else -1), r.name)
    if sort == "partnership":
        return lambda r: r.name
    if sort == "score":
        return lambda r: (r.warning.score is None, r.warning.score or 0, r.name)
    return lambda r: (-r.warning.rank, -(r.warning.months or 0), r.name)


def rows_at_risk(sort: str) -> list[Row]:
    """Every partnership that raises a warning today, sorted by `sort` (one of SORTS; else by level)."""
    found = warnings_of(Partnership.objects.values_list("id", flat=True), timezone.localdate())
    # The members with their municipalities in one joined query: prefetching "memberships__municipality" asks
    # SQLite for the municipalities by a chain of ORs, which fails above 1,000 ("Expression tree is too large";
    # bench/checkup.py at 5,000 partnerships).
    members = Prefetch("memberships", queryset=Membership.objects.select_related("municipality"))
    partnerships = Partnership.objects.filter(id__in=found).prefetch_related(members)
    rows = [Row(p, found[p.pk], str(p)) for p in partnerships]
    return sorted(rows, key=_key(sort if sort in SORTS else "level"))


@access_required(is_staff, "early-warning dashboard")
def dashboard_page(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "level")
    sort = sort if sort in SORTS else "level"
    response = render(request, "checkup/dashboard.html", {
        "rows": rows_at_risk(sort), "sort": sort, "today": timezone.localdate(),
        "sorts": [("level", _("level")), ("months", _("months without activity")),
                  ("partnership", _("partnership")), ("score", _("check-up score"))]})
    response["Cache-Control"] = "private, no-store"
    return response


@access_required(is_staff, "early-warning dashboard as CSV")
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The same list as CSV (semicolons, UTF-8 with BOM), never a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="early-warnings-{timezone.localdate().isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Partnership"), _("PartnerAtlas id"), _("Level"), _("Signals"),
                     _("Months since the last activity"), _("Last activity"), _("Check-up score"),
                     _("Previous round")])
    for r in rows_at_risk(request.GET.get("sort", "level")):
        w = r.warning
        row = [r.name, str(r.partnership.uid), r.level_label, r.reasons_text,
               "" if w.months is None else str(w.months), w.last_activity.isoformat() if w.last_activity else "",
               "" if w.score is None else str(w.score), "" if w.previous is None else str(w.previous)]
        writer.writerow([neutralise(cell) for cell in row])
    return response
