"""Open data: downloads of any selection in the registry's export formats, and the API."""

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partneratlas.atlas.filters import AtlasFilterForm
from partneratlas.registry.exporting import FORMATS, export
from partneratlas.registry.selectors import partnerships_count, partnerships_filtered

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "json": "application/json",
}


def open_data(request: HttpRequest, status: int = 200) -> HttpResponse:
    form = AtlasFilterForm(request.GET)
    form.is_valid()
    return render(request, "atlas/data.html", {
        "form": form, "query": form.query(), "count": partnerships_count(form.selection()), "formats": FORMATS},
        status=status)


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    form = AtlasFilterForm(request.GET)
    if not form.is_valid():  # never hand out the whole registry for a selection that was mistyped
        return open_data(request, status=400)
    out = io.BytesIO()
    export(partnerships_filtered(form.selection()), fmt, out)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="partneratlas-{stamp}.{fmt}"'
    return response
