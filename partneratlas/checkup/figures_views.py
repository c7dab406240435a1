"""The agency's page of anonymised check-up figures (issue 12, point 7), and the same figures as CSV.

Agency staff only. Filters: the questionnaire version (figures are per version) and the year in which
the rounds were opened. What is shown is what `figures.figures_of` lets through: no group below the
minimum group size.
"""

import csv

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.cells import neutralise
from partneratlas.checkup.figures import Cell, Figures, figures_of, minimum_group_size, versions, years
from partneratlas.questionnaires.models import Version
from partneratlas.site.access import access_required, is_staff


class FiguresFilter(forms.Form):
    version = forms.TypedChoiceField(label=gettext_lazy("Questionnaire version"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year the rounds were opened"), coerce=int, required=False,
                                  empty_value=None)

    def __init__(self, data: object, *, known: list[Version], known_years: list[int], initial: dict[str, object]
                 ) -> None:
        super().__init__(data, initial=initial)  # type: ignore[arg-type]
        version_field, year_field = self.fields["version"], self.fields["year"]
        assert isinstance(version_field, forms.TypedChoiceField)
        assert isinstance(year_field, forms.TypedChoiceField)
        version_field.choices = [(v.number, _("version %(number)s") % {"number": v.number}) for v in known]
        year_field.choices = [("", _("every year")), *[(y, str(y)) for y in known_years]]


def _chosen(request: HttpRequest) -> tuple[FiguresFilter, Figures | None]:
    """The filter form (bound to the query when there is one) and the figures it selects (None on bad input).

    Without a choice: the newest published version, every year.
    """
    known = versions()
    by_number = {v.number: v for v in known}
    asked = request.GET.get("version", "")
    version = (by_number.get(int(asked)) if asked.isdigit() else None) or (known[0] if known else None)
    form = FiguresFilter(request.GET or None, known=known, known_years=years(version) if version else [],
                         initial={"version": version.number if version else None})
    if form.is_bound and not form.is_valid():
        return form, None
    year = form.cleaned_data.get("year") if form.is_bound else None
    return form, figures_of(version=version, year=year)


@access_required(is_staff, "check-up figures")
def figures_page(request: HttpRequest) -> HttpResponse:
    form, figures = _chosen(request)
    response = render(request, "checkup/figures.html", {
        "form": form, "figures": figures, "query": request.GET.urlencode(),
        "minimum": minimum_group_size()},
        status=400 if form.errors else 200)
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(cell: Cell) -> list[str]:
    return ["", ""] if cell.mean is None else [str(cell.rounded), str(cell.n)]


@access_required(is_staff, "check-up figures as CSV")
def figures_csv(request: HttpRequest) -> HttpResponse:
    """Every group's criteria as CSV (semicolons, UTF-8 with BOM), never a formula; hidden means are empty."""
    _form, figures = _chosen(request)
    if figures is None:
        return figures_page(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    version = figures.version.number if figures.version else "none"
    year = f"-{figures.year}" if figures.year else ""
    response["Content-Disposition"] = f'attachment; filename="checkup-figures-v{version}{year}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Group"), _("Partnerships in the group"), _("Criterion"), _("Title"),
                     _("Both sides"), _("of partnerships"), _("German side"), _("of partnerships"),
                     _("Partner side"), _("of partnerships")])
    groups = [figures.overall, *figures.countries] if figures.overall else []
    for group in groups:
        for c in group.criteria:
            row = [group.label, str(group.size), c.code, c.title, *_cell(c.both), *_cell(c.german),
                   *_cell(c.partner)]
            writer.writerow([neutralise(cell) for cell in row])
    return response
