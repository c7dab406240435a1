"""The agency's dashboard of partnerships at risk of falling dormant (issue 12, point 6): sortable, paged, and as CSV.

Agency staff only. The list is the stored warnings (`WarningState`, written by `warnings.warnings_refresh`: daily
by `checkup warn`, and at once for a partnership whose activities, contact persons or rounds change), read,
sorted and paged in the database: the same few queries at 1 and at 5,000 partnerships. When the warnings have
never been computed (a fresh install), the first view computes them.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, OrderBy, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.cells import neutralise
from partneratlas.checkup.indicators import STATE_LABELS
from partneratlas.checkup.models import WarningRefresh, WarningState
from partneratlas.checkup.warnings import EarlyWarning, warnings_refresh
from partneratlas.registry.models import Membership, Partnership
from partneratlas.site.access import access_required, is_staff

SORTS = ("level", "months", "partnership", "score")
PER_PAGE = 100
STATE_FIELDS = ("partnership_id", "level", "signals", "months", "last_activity", "score", "previous")


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


def _order(sort: str) -> list[OrderBy | str]:
    """The database's order for `sort`; empty months and scores last on every database; the id breaks ties, so
    that pages neither repeat nor skip a row."""
    months = F("months").desc(nulls_last=True)
    if sort == "months":
        return [months, "name", "partnership_id"]
    if sort == "partnership":
        return ["name", "partnership_id"]
    if sort == "score":
        return [F("score").asc(nulls_last=True), "name", "partnership_id"]
    return ["-rank", months, "name", "partnership_id"]


def computed() -> WarningRefresh:
    """When the stored warnings were computed; on a fresh install, where they never were, computed now."""
    refresh = WarningRefresh.objects.filter(pk=1).first()
    if refresh is None:
        warnings_refresh(today=timezone.localdate())
        refresh = WarningRefresh.objects.get(pk=1)
    return refresh


def states(sort: str) -> QuerySet[WarningState]:
    """The stored warnings sorted by `sort` (one of SORTS; else by level), with their partnerships and the members'
    names in one joined query (prefetching "memberships__municipality" asks SQLite for the municipalities by a
    chain of ORs, which fails above 1,000: "Expression tree is too large"; bench/checkup.py at 5,000)."""
    # Only the columns shown: a page is 100 warnings, 100 partnerships and 200 members with their municipalities,
    # and loading every column (the JSON ones decoded) was a third of the page's time (bench/checkup.py).
    members = Prefetch("partnership__memberships", queryset=Membership.objects.select_related("municipality").only(
        "id", "partnership_id", "position", "municipality__id", "municipality__name", "municipality__localized_names"))
    return (WarningState.objects.select_related("partnership").only(*STATE_FIELDS, "partnership__uid")
            .prefetch_related(members).order_by(*_order(sort if sort in SORTS else "level")))


def rows_of(found: Iterable[WarningState]) -> list[Row]:
    return [Row(s.partnership, warning_of(s), str(s.partnership)) for s in found]


def warning_of(state: WarningState) -> EarlyWarning:
    return EarlyWarning(state.partnership_id, state.level, tuple(state.signals), state.months, state.last_activity,
                        state.score, state.previous)


def rows_at_risk(sort: str) -> list[Row]:
    """Every stored warning, sorted by `sort` (one of SORTS; else by level)."""
    computed()
    return rows_of(states(sort))


@access_required(is_staff, "early-warning dashboard")
def dashboard_page(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "level")
    sort = sort if sort in SORTS else "level"
    refresh = computed()
    page = Paginator(states(sort), PER_PAGE).get_page(request.GET.get("page"))
    response = render(request, "checkup/dashboard.html", {
        "rows": rows_of(page.object_list), "page": page, "query": f"sort={sort}", "sort": sort,
        "today": refresh.computed_on, "computed_at": refresh.computed_at,
        "sorts": [("level", _("level")), ("months", _("months without activity")),
                  ("partnership", _("partnership")), ("score", _("check-up score"))]})
    response["Cache-Control"] = "private, no-store"
    return response


@access_required(is_staff, "early-warning dashboard as CSV")
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The same list as CSV, every row (semicolons, UTF-8 with BOM), never a formula."""
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
