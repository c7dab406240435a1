from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from partneratlas.api.paging import PageParams, page
from partneratlas.api.schemas import ErrorOut, MunicipalityOut, MunicipalityPage
from partneratlas.gazetteer.models import Municipality
from partneratlas.gazetteer.resolution import Resolver
from partneratlas.registry.selectors import _name_matches

router = Router()


class MunicipalityFilter(Schema):
    q: str | None = Field(None, description="A name in any spelling: Dusseldorf, 东莞, Peking …")
    country: str | None = Field(None, min_length=2, max_length=2, description="ISO country code, e.g. DE")
    region: str | None = Field(None, description="A first-level region: Zhejiang, NRW, DE-NW …")
    kind: Municipality.Kind | None = None


def _out(m: Municipality) -> MunicipalityOut:
    return MunicipalityOut(
        id=m.id, ref=m.ref, name=m.name, display_name=m.display_name, country=m.country_id,
        region=(m.region.name or None) if m.region else None, kind=m.kind, parent=m.parent.ref if m.parent else None,
        population=m.population, latitude=m.latitude,
        longitude=m.longitude, geonames_id=m.geonames_id, wikidata_qid=m.wikidata_qid, ags=m.ags)


@router.get("", response={200: MunicipalityPage, 422: ErrorOut}, summary="Search municipalities")
def list_municipalities(request: HttpRequest, filters: Query[MunicipalityFilter],
                        paging: Query[PageParams]) -> dict[str, object]:
    """Largest first; ties by name and id, so pages are stable."""
    qs = Municipality.objects.select_related("region", "parent")
    if filters.country:
        qs = qs.filter(country_id=filters.country.upper())
    if filters.region:
        if not filters.country:
            raise HttpError(422, _("A region filter needs a country."))
        region_id = Resolver().region_id(filters.country.upper(), filters.region)
        if region_id is None:
            raise HttpError(422, _("Unknown value “%(value)s” for %(name)s.") % {"value": filters.region,
                                                                                "name": "region"})
        qs = qs.filter(region_id=region_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(id__in=_name_matches(filters.q))
    qs = qs.order_by(F("population").desc(nulls_last=True), "name", "id")
    results = [_out(m) for m in qs[paging.offset:paging.offset + paging.limit]]
    return page(request, paging, qs.count(), results)


@router.get("/{ref}", response={200: MunicipalityOut, 404: ErrorOut}, summary="One municipality")
def get_municipality(request: HttpRequest, ref: str) -> MunicipalityOut:
    """By gazetteer reference (gn:2805753, adm1:DE.08, country:RW) or numeric id."""
    # isdigit() alone accepts other scripts' digits: ² (which int() refuses) and ١٢ (which it reads as 12).
    lookup: dict[str, int | str] = {"id": int(ref)} if ref.isascii() and ref.isdigit() else {"ref": ref}
    municipality = Municipality.objects.select_related("region", "parent").filter(**lookup).first()
    if municipality is None:
        raise Http404(_("No municipality “%(ref)s”.") % {"ref": ref})
    return _out(municipality)
