import uuid
from typing import Literal

from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from partneratlas.api.paging import MAX_ID, PageParams, page
from partneratlas.api.rendering import json_response
from partneratlas.api.schemas import ErrorOut, PartnershipOut, PartnershipPage, StatisticsOut
from partneratlas.registry.models import Partnership, Status
from partneratlas.registry.selectors import (
    PartnershipFilter,
    PartnershipRow,
    partnership_ids_page,
    partnership_rows,
    partnerships_count,
)
from partneratlas.registry.statistics import statistics_table

router = Router()
statistics_router = Router()

# Every order ends on the id, so pages never overlap; unknown years come last on every database.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "id": ("id",),
    "since": (F("start_year").asc(nulls_last=True), "id"),
    "-since": (F("start_year").desc(nulls_last=True), "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}


class Filters(Schema):
    country: str | None = Field(None, min_length=2, max_length=2,
                                description="ISO code of a member's country, e.g. CN")
    german_state: str | None = Field(None, description="A German Land: DE-NW, NRW, Nordrhein-Westfalen, 07 …")
    kind: str | None = Field(None, description="twinning, friendship, project, cooperation, contact, climate, …")
    status: Status | None = None
    sdg: int | None = Field(None, ge=1, le=17, description="SDG number 1–17")
    topic: str | None = Field(None, description="Topic code, e.g. climate-adaptation")
    since_min: int | None = Field(None, ge=1000, le=3000, description="Started in or after this year")
    since_max: int | None = Field(None, ge=1000, le=3000, description="Started in or before this year")
    q: str | None = Field(None, max_length=200, description="Free text: a member's name or words of the description")
    municipality: int | None = Field(None, ge=1, le=MAX_ID, description="Id of a member municipality")

    def selection(self) -> PartnershipFilter:
        return PartnershipFilter(
            country=self.country, german_state=self.german_state, kind=self.kind,
            status=self.status.value if self.status else None, sdg=self.sdg, topic=self.topic,
            start_year_min=self.since_min, start_year_max=self.since_max, q=self.q, municipality=self.municipality)


def _out(row: PartnershipRow) -> dict[str, object]:
    return {
        "id": row.uid, "kind": row.kind, "kind_name": row.kind_name, "status": row.status, "since": row.start_year,
        "signed_on": row.signed_on, "sdgs": row.sdgs, "topics": row.topics,
        "working_languages": row.working_languages, "description": row.description, "source": row.source,
        "source_url": row.source_url, "verified_on": row.verified_on,
        "members": [{"id": m.id, "ref": m.ref, "name": m.name, "display_name": m.display_name,
                     "country": m.country, "region": m.region, "kind": m.kind, "latitude": m.latitude,
                     "longitude": m.longitude} for m in row.members],
        "status_history": [{"status": s, "year": y, "date": d} for s, y, d in row.status_history],
        "council_resolutions": [{"date": d, "reference": r} for d, r in row.council_resolutions],
        "actors": [{"name": a.name, "kind": a.kind, "role": a.role, "member": a.member_ref or None}
                   for a in row.actors],
    }


@router.get("", response={200: PartnershipPage, 422: ErrorOut}, summary="List partnerships")
def list_partnerships(request: HttpRequest, filters: Query[Filters], paging: Query[PageParams],
                      sort: Literal["id", "since", "-since", "updated", "-updated"] = "id") -> HttpResponse:
    """Filtered, sorted (always ending on the id, so pages never overlap) and paginated."""
    ids = partnership_ids_page(filters.selection(), SORTS[sort], paging.offset, paging.limit)
    whole_selection_on_page = paging.offset == 0 and len(ids) < paging.limit
    count = len(ids) if whole_selection_on_page else partnerships_count(filters.selection())
    # Returned as it is: the schema documents it (and a test holds the two together), but
    # validating 50 nested rows on every request would cost more than reading them.
    return json_response(page(request, paging, count, [_out(row) for row in partnership_rows(ids)]))


@router.get("/{uid}", response={200: PartnershipOut, 404: ErrorOut}, summary="One partnership")
def get_partnership(request: HttpRequest, uid: str) -> dict[str, object]:
    try:
        wanted = uuid.UUID(uid)
    except ValueError as exc:
        raise Http404(_("No partnership “%(id)s”.") % {"id": uid}) from exc
    rows = partnership_rows(Partnership.objects.filter(uid=wanted, published=True).values_list("id", flat=True))
    if not rows:
        raise Http404(_("No partnership “%(id)s”.") % {"id": uid})
    return _out(rows[0])


@statistics_router.get("", response={200: StatisticsOut, 422: ErrorOut}, summary="Counts")
def statistics(request: HttpRequest, filters: Query[Filters]) -> dict[str, object]:
    """Partnerships counted by partner country, kind, German state, decade founded, status, SDG and topic.

    Each partnership counts once per value; a partnership with members in two partner countries
    counts for both, so the counts of a dimension may add up to more than the total.
    """
    return statistics_table(filters.selection())
