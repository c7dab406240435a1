"""The council report's content (Bericht für den Rat) and its two files, PDF and XLSX (issue 12, point 7).

For a partnership and a period (first and last day): the partnership and its members; the
check-up rounds closed in the period with their results (`results.results_of`, the function the
round's page uses: scores per criterion, part and dimension per side, the radar, the gap with its
sign and flag, the trend); rounds still open at the period's end only as "open, sealed", never
with a number; the indicators as of the period's end (`indicators.indicators_for`, as on the
check-up page); the activities in the period (`activities.selectors.activities_of`, as the log
shows them, and `registry.periods.covers`, the rule that also freezes them). Nothing is computed
a second time: the PDF uses the page's own cells (`checkup_results` filters `score`, `gap`,
`_radar.html`), and the XLSX writes the numbers those cells show (`Score.rounded`, the gap
read from `Line.gap_text`), as numbers, never as text; no text ever becomes a formula.

Writes (issuing, reopening) live in `report_services.py`.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partneratlas.activities import selectors as activities
from partneratlas.checkup.indicators import Value, indicators_for
from partneratlas.checkup.models import Role, Round
from partneratlas.checkup.results import Line, Results, results_of, side_label
from partneratlas.checkup.services import sides_of
from partneratlas.i18n import language_name
from partneratlas.pdf.render import render_pdf
from partneratlas.questionnaires.models import Version
from partneratlas.questionnaires.scoring import Score
from partneratlas.questionnaires.services import open_languages
from partneratlas.registry.models import Partnership
from partneratlas.registry.periods import covers

LONGEST_PERIOD = datetime.timedelta(days=6 * 366)  # a council's term, with room
TEMPLATE = "checkup/report.html"


def report_languages(partnership: Partnership) -> list[str]:
    """The languages a report can be made in: the interface's languages (its labels) in which the texts of every
    questionnaire version the partnership's rounds used are complete (criteria, parts, advice)."""
    offered = [code for code, _name in settings.LANGUAGES]
    for version in Version.objects.filter(checkup_rounds__partnership=partnership).distinct():
        complete = set(open_languages(version))
        offered = [code for code in offered if code in complete]
    return offered


# The page's radar styles, inside the SVG: WeasyPrint draws an inline SVG with the SVG's own styles only.
RADAR_STYLE = (
    "<style>.ring{fill:none;stroke:#ccc;stroke-width:1}.axis{stroke:#ddd;stroke-width:1}"
    ".axis-label{font-size:12px;fill:#333;text-anchor:middle;dominant-baseline:middle}"
    ".series .line{fill:none;stroke-width:2.5}.series-german .line{stroke:#0b4f8a}"
    ".series-german .marker{fill:#0b4f8a}.series-partner .line{stroke:#b3400a;stroke-dasharray:7 4}"
    ".series-partner .marker{fill:#fff;stroke:#b3400a;stroke-width:2}</style>")


@dataclass
class RoundEntry:
    """A round in the report: closed in the period with its results, or open at the period's end (sealed)."""

    round: Round
    results: Results | None = None

    @property
    def sealed(self) -> bool:
        return self.results is None

    @property
    def radar_svg(self) -> SafeString:
        """The round page's radar (checkup/_radar.html, the same drawing) with its styles inside, for the PDF."""
        if self.results is None:
            return mark_safe("")
        svg = str(render_to_string("checkup/_radar.html", {"chart": self.results.radar}))
        for name in ("radar-title", "radar-desc"):  # one radar per round: ids of their own
            svg = svg.replace(f'"{name}"', f'"{name}-{self.round.pk}"')
        head, _sep, rest = svg.partition(">")
        return mark_safe(f"{head}>{RADAR_STYLE}{rest}")  # noqa: S308  (our template, escaped, and a constant)


@dataclass
class Content:
    partnership: Partnership
    start: datetime.date
    end: datetime.date
    language: str
    draft: bool
    members: list[tuple[str, str, str]]  # name, country, side
    rounds: list[RoundEntry]
    indicators_day: datetime.date
    indicators: list[Value]
    activities: list[Any]  # activities.selectors.activities_of's, with their labels
    made_at: datetime.datetime
    reference: str = ""
    issued_by: str = ""
    sides: list[tuple[str, str]] = field(default_factory=list)  # (role, label) of the check-up's two sides

    @property
    def language_name(self) -> str:
        return language_name(self.language)


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _rounds(partnership: Partnership, start: datetime.date, end: datetime.date, language: str) -> list[RoundEntry]:
    """Closed in the period: with results. Open at its end (opened by then, closed later or not yet): sealed."""
    entries = []
    for round_ in Round.objects.filter(partnership=partnership).select_related("version__questionnaire", "partnership"
                                                                               ).order_by("opened_at", "pk"):
        opened, closed = _day(round_.opened_at), _day(round_.closed_at) if round_.closed_at else None
        if closed is not None and start <= closed <= end:
            entries.append(RoundEntry(round_, results_of(round_, language=language)))
        elif opened <= end and (closed is None or closed > end):
            entries.append(RoundEntry(round_))
    return entries


def _members(partnership: Partnership) -> list[tuple[str, str, str]]:
    sides = sides_of(partnership)
    role = {sides[0]: side_label(Role.GERMAN), sides[1]: side_label(Role.PARTNER)} if sides else {}
    return [(m.municipality.display_name, m.country.name, str(role.get(m.municipality_id, "")))
            for m in partnership.memberships.select_related("municipality", "country").order_by("position", "pk")]


def report_content(*, partnership: Partnership, start: datetime.date, end: datetime.date, language: str,
                   today: datetime.date, draft: bool, reference: str = "", issued_by: str = "",
                   now: datetime.datetime | None = None) -> Content:
    """What the report says, read in `language`. Indicators as of the period's end (today while it lasts)."""
    with translation.override(language):
        day = min(end, today)
        items = [a for a in activities.activities_of(partnership_id=partnership.pk, private=True)
                 if covers(start, end, a.date, a.end_date)]
        items.reverse()  # oldest first, as a council reads a year
        return Content(partnership, start, end, language, draft, _members(partnership),
                       _rounds(partnership, start, end, language), day, indicators_for(partnership.pk, day), items,
                       now or timezone.now(), reference, issued_by,
                       [(Role.GERMAN.value, side_label(Role.GERMAN)), (Role.PARTNER.value, side_label(Role.PARTNER))])


def file_name(content: Content, suffix: str) -> str:
    tail = "-draft" if content.draft else ""
    return f"council-report-{content.start.isoformat()}-{content.end.isoformat()}-{content.language}{tail}.{suffix}"


# PDF ------------------------------------------------------------------------------------------------------


def report_pdf(content: Content) -> bytes:
    """The report as PDF, through the shared renderer (fonts embedded, Chinese included)."""
    return render_pdf(template=TEMPLATE, context={"report": content}, language=content.language)


# XLSX -----------------------------------------------------------------------------------------------------


def gap_number(line: Line) -> int | None:
    """The gap as the page shows it ("+25", "−12", "0", "–"), as a number."""
    text = line.gap_text
    return None if text == "–" else int(text.replace("−", "-").replace("+", ""))


def _score(score: Score | None) -> list[Any]:
    if score is None:
        return [None, None, None]
    return [score.rounded, score.answers, score.not_applicable]


class _Sheet:
    """A write-only sheet: text never a formula (cells.xlsx_cell), numbers as numbers, dates as dates."""

    def __init__(self, workbook: Any, title: str) -> None:
        self.sheet = workbook.create_sheet(title=title[:31])

    def row(self, *values: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        from partneratlas.cells import xlsx_cell

        cells: list[Any] = []
        for value in values:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(self.sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes dates
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif isinstance(value, str) or value is None or isinstance(value, (int, float)):
                cells.append(xlsx_cell(self.sheet, value))
            else:
                cells.append(xlsx_cell(self.sheet, str(value)))
        self.sheet.append(cells)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def report_xlsx(content: Content) -> bytes:
    """The report as a workbook: the report, the scores, the trend, the indicators, the activities."""
    from openpyxl import Workbook

    with translation.override(content.language):
        workbook = Workbook(write_only=True)
        _summary(_Sheet(workbook, _("Report")), content)
        _scores(_Sheet(workbook, _("Scores")), content)
        _trend(_Sheet(workbook, _("Trend")), content)
        _indicators(_Sheet(workbook, _("Indicators")), content)
        _activities(_Sheet(workbook, _("Activities")), content)
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()


def _summary(sheet: _Sheet, c: Content) -> None:
    sheet.row(_("Council report"), str(c.partnership))
    sheet.row(_("State"), _("Draft: not issued") if c.draft else _("Issued"))
    if c.reference:
        sheet.row(_("Reference"), c.reference)
    if c.issued_by:
        sheet.row(_("Issued by"), c.issued_by)
    sheet.row(_("First day"), c.start)
    sheet.row(_("Last day"), c.end)
    sheet.row(_("Language"), c.language_name)
    sheet.row(_("Made on"), formats.date_format(timezone.localtime(c.made_at), "DATETIME_FORMAT"))
    sheet.row()
    sheet.row(_("Member"), _("Country"), _("Side in the check-up"))
    for name, country, side in c.members:
        sheet.row(name, country, side)


def _scores(sheet: _Sheet, c: Content) -> None:
    german, partner = side_label(Role.GERMAN), side_label(Role.PARTNER)
    sheet.row(_("Round opened"), _("Round closed"), _("Level"), _("No."), _("Name"), german, _("Answers"),
              _("Not applicable"), partner, _("Answers"), _("Not applicable"), _("Gap"), _("Large gap"))
    for entry in c.rounds:
        opened = _day(entry.round.opened_at)
        if entry.results is None:
            sheet.row(opened, None, _("open at the end of the period, sealed"))
            continue
        closed = _day(entry.round.closed_at) if entry.round.closed_at else None
        levels = [(_("Criterion"), entry.results.criteria), (_("Part"), entry.results.parts),
                  (_("Dimension"), entry.results.dimensions)]
        for level, lines in levels:
            for line in lines:
                sheet.row(opened, closed, level, line.number or None, line.title, *_score(line.german),
                          *_score(line.partner), gap_number(line), _yes_no(line.flag) if line.number else None)


def _trend(sheet: _Sheet, c: Content) -> None:
    sheet.row(_("Round"), _("Compared round"), _("Earlier version, questions mapped"), side_label(Role.GERMAN),
              side_label(Role.PARTNER))
    for entry in c.rounds:
        if entry.results is None:
            continue
        for row in entry.results.trend:
            german, partner = row.overall.get(Role.GERMAN), row.overall.get(Role.PARTNER)
            sheet.row(_day(entry.round.opened_at), _day(row.round.opened_at), _yes_no(row.mapped),
                      german.rounded if german else None, partner.rounded if partner else None)


def _indicators(sheet: _Sheet, c: Content) -> None:
    sheet.row(_("Indicators on %(day)s") % {"day": formats.date_format(c.indicators_day, "DATE_FORMAT")})
    sheet.row(_("Indicator"), _("Value"), _("Detail"), _("State"), _("Direction"))
    for v in c.indicators:
        sheet.row(str(v.indicator.name), _("no data") if v.value is None else v.value,
                  "; ".join(str(p) for p in (v.detail, v.note) if p), str(v.state_label),
                  str(v.indicator.direction_label))


def _activities(sheet: _Sheet, c: Content) -> None:
    sheet.row(_("Date"), _("End date"), _("Kind of activity"), _("Title"), _("Logged by"), _("Participants"),
              _("Young people took part"), _("Number of young people"), _("Languages used"))
    for a in c.activities:
        sheet.row(a.date, a.end_date, a.kind.name, a.title, a.side_name,
                  "; ".join(f"{side}: {n}" for side, n in a.counts),
                  _yes_no(a.youth), a.young_people, ", ".join(a.language_names))
