"""The map, its data, the partners panel, and the list that is the map's accessible equivalent."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from partneratlas.atlas.filters import FIELDS, AtlasFilterForm
from partneratlas.atlas.mapdata import map_payload
from partneratlas.atlas.presenting import Names, partners_of, present
from partneratlas.atlas.selectors import municipality_partnership_ids
from partneratlas.gazetteer.models import Municipality
from partneratlas.registry.selectors import (
    PartnershipFilter,
    partnership_ids_page,
    partnership_rows,
    partnerships_count,
)

LIST_PAGE = 50


def _filters(request: HttpRequest) -> AtlasFilterForm:
    form = AtlasFilterForm(request.GET)
    form.is_valid()
    return form


class InvalidFilters(ValueError):
    def __init__(self, form: AtlasFilterForm) -> None:
        super().__init__("invalid filters")
        self.form = form


def map_page(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    config = {
        "data": f"{reverse('atlas:map-data')}?{form.query()}",
        "partners": reverse("atlas:partners", args=["REF"]),
        "outlines": static("vendor/world-atlas/countries-50m.json"),
        "tiles": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "labels": {
            "zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"),
            "partnership": _("1 partnership shown on the map"),
            "partnerships": _("%(n)s partnerships shown on the map"),
            "loading": _("Loading the map data …"), "failed": _("The map data could not be loaded."),
            "selected": _("Selected: %(name)s"),
            "places": _("%(n)s places"),  # a group of points on the map, always two or more
        },
    }
    return render(request, "atlas/map.html", {"form": form, "config": config, "query": form.query()})


def map_data(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET[name] for name in FIELDS if request.GET.get(name)}

    def selection() -> PartnershipFilter:
        form = _filters(request)
        if not form.is_valid():
            raise InvalidFilters(form)
        return form.selection()

    try:
        payload = map_payload(params, selection)
    except InvalidFilters as invalid:
        return JsonResponse({"detail": _("Unknown filter value."),
                             "errors": invalid.form.errors.get_json_data()}, status=422)
    if request.headers.get("If-None-Match") == payload.etag:
        response: HttpResponse = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(payload.gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(payload.body, content_type="application/json")
    response["ETag"] = payload.etag
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language"])
    return response


def partners(request: HttpRequest, ref: str) -> HttpResponse:
    """The panel beside the map: a selected place's partnerships under the current filters."""
    place = get_object_or_404(Municipality.objects.select_related("country"), ref=ref)
    form = _filters(request)
    items = present(partnership_rows(municipality_partnership_ids(place, form.selection())), Names.load())
    for item in items:
        item["partners"] = partners_of(item, place.id)
    return render(request, "atlas/_partners.html", {"place": place, "items": items})


def map_list(request: HttpRequest) -> HttpResponse:
    """Every partnership of the map's selection as a table, page by page."""
    form = _filters(request)
    selection = form.selection()
    count = partnerships_count(selection)
    paginator = Paginator(range(count), LIST_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    order: list[str | OrderBy] = [F("start_year").asc(nulls_last=True), "id"]
    ids = partnership_ids_page(selection, order, page.start_index() - 1 if count else 0, LIST_PAGE)
    return render(request, "atlas/map_list.html", {
        "form": form, "page": page, "count": count, "query": form.query(),
        "items": present(partnership_rows(ids), Names.load())})
