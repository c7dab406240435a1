"""Statistics: charts a person can read, their numbers as tables and as CSV downloads."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.atlas.charts import bars, columns, narrow_bars
from partneratlas.atlas.filters import AtlasFilterForm
from partneratlas.atlas.selectors import key_figures
from partneratlas.checkup import selectors as checkup
from partneratlas.registry.statistics import DIMENSIONS, statistics_table

TITLES = {
    "partner_country": gettext_lazy("Partnerships by partner country"),
    "kind": gettext_lazy("Partnerships by kind"),
    "german_state": gettext_lazy("Partnerships by German state"),
    "decade": gettext_lazy("New partnerships per decade"),
    "status": gettext_lazy("Partnerships by status"),
    "topic": gettext_lazy("Partnerships by theme"),
    "sdg": gettext_lazy("Partnerships by Sustainable Development Goal"),
}
ORDER = ("partner_country", "kind", "german_state", "decade", "status", "topic", "sdg")
# The filter whose label names a dimension's values, as the heading of its table's first column.
FILTER_OF = {"partner_country": "country", "kind": "kind", "german_state": "german_state", "decade": "decade",
             "status": "status", "topic": "topic", "sdg": "sdg"}


def statistics(request: HttpRequest) -> HttpResponse:
    form = AtlasFilterForm(request.GET)
    form.is_valid()
    selection = form.selection()
    table = statistics_table(selection)
    chosen = form.chosen()
    charts = []
    for dimension in ORDER:
        rows = table[f"by_{dimension}"]
        assert isinstance(rows, list)
        trend = dimension == "decade"
        charts.append({
            "dimension": dimension, "title": TITLES[dimension], "rows": rows,
            "heading": form.fields[FILTER_OF[dimension]].label,
            "chart": columns(rows) if trend else bars(rows),
            "narrow": narrow_bars(rows, limit=None if trend else 15),
        })
    return render(request, "atlas/statistics.html", {
        "form": form, "query": form.query(), "total": table["total"], "charts": charts,
        "figures": key_figures(selection), "chosen": chosen, "chosen_values": [value for _, value in chosen],
        "checkup": checkup_section()})


CHECKUP_WEAKEST = 5  # criteria in the check-up's chart; its table lists all


def checkup_section() -> dict[str, object]:
    """The resilience check-up's anonymised figures (of every partnership, whatever the filters): the weakest
    criteria of all partnerships as a chart of scores (0–100) and a table, and by partner country."""
    figures = checkup.public_figures()
    section: dict[str, object] = {"figures": figures, "minimum": figures.minimum}
    if figures.overall is not None:
        rows: list[dict[str, object]] = [{"label": c.title, "count": c.both.rounded}
                                         for c in figures.overall.weakest(CHECKUP_WEAKEST)]
        section.update(chart=bars(rows, scale=100), narrow=narrow_bars(rows, scale=100), weakest=len(rows))
    return section


def statistics_csv(request: HttpRequest, dimension: str) -> HttpResponse:
    if dimension not in DIMENSIONS:
        raise Http404
    form = AtlasFilterForm(request.GET)
    form.is_valid()
    rows = statistics_table(form.selection())[f"by_{dimension}"]
    assert isinstance(rows, list)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partneratlas-{dimension}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the UTF-8 correctly
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("key"), _("name"), _("partnerships")])
    for row in rows:
        writer.writerow([row["key"], row["label"], row["count"]])
    return response
