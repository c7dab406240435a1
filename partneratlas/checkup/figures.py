"""Aggregated, anonymised check-up figures for the agency and the public statistics (issue 12, point 7).

From each partnership's latest unsealed round with scores (of one questionnaire version, and of one year
when asked; a partnership counts once): per criterion the mean of the scores stored when the round was
unsealed (`CriterionScore`) of both sides together and of each side, how many partnerships each group
holds, and the weakest criteria overall, by partner country (the country of the round's partner side)
and by part and dimension.

Nothing finer than a group leaves this module: no partnership or municipality, no answer, and no group
of fewer than `CHECKUP_MIN_GROUP_SIZE` partnerships, neither shown nor derivable by subtracting the
groups shown from a total shown:

- countries below the minimum are pooled into "other countries"; when that pool holds partnerships but
  fewer than the minimum, the smallest countries shown join it until it reaches the minimum (`pooled`);
- a criterion's mean in a group is hidden when fewer than the minimum partnerships scored it there, and
  then as many more of that criterion's groups, smallest first, as it takes for the hidden ones together
  to reach the minimum (`hidden`);
- a part's or dimension's mean is shown only when every one of its criteria is.

Every read is aggregated in the database: a fixed number of queries however many rounds there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.checkup.conf import questionnaire_code
from partneratlas.checkup.models import CriterionScore, Role, Round, Side
from partneratlas.checkup.results import dimension_name, outline
from partneratlas.gazetteer.models import Country
from partneratlas.questionnaires import selectors as questionnaires
from partneratlas.questionnaires.models import Version

BOTH, GERMAN, PARTNER = "both", Role.GERMAN.value, Role.PARTNER.value
SIDES = (BOTH, GERMAN, PARTNER)
OTHER = "other"  # the pooled countries


def minimum_group_size() -> int:
    """settings.CHECKUP_MIN_GROUP_SIZE (default 5), never below 2: a group of one would be one partnership."""
    return max(2, int(getattr(settings, "CHECKUP_MIN_GROUP_SIZE", 5)))


# -- the rules, as pure functions --------------------------------------------------------------------------

def pooled(sizes: Mapping[str, int], minimum: int) -> tuple[list[str], list[str]]:
    """(groups shown on their own, largest first; groups pooled into "other countries").

    A group below the minimum is pooled. When the pool holds partnerships but fewer than the minimum,
    the smallest groups shown join it until it reaches the minimum (or none is left), so that the total
    minus the groups shown never gives away a group below the minimum.
    """
    own = sorted((k for k, n in sizes.items() if n >= minimum), key=lambda k: (sizes[k], k))
    pool = [k for k, n in sizes.items() if 0 < n < minimum]
    while own and 0 < sum(sizes[k] for k in pool) < minimum:
        pool.append(own.pop(0))
    return sorted(own, key=lambda k: (-sizes[k], k)), sorted(pool)


def hidden(counts: Mapping[str, int], minimum: int) -> set[str]:
    """Of the cells of a total shown (`counts`: partnerships per cell), those to hide.

    A cell below the minimum is hidden; while the hidden ones together hold partnerships but fewer
    than the minimum, the smallest cell shown is hidden too, so no subtraction recovers them.
    """
    hide = {k for k, n in counts.items() if n < minimum}
    rest = sorted((k for k in counts if k not in hide), key=lambda k: (counts[k], k))
    while rest and 0 < sum(counts[k] for k in hide) < minimum:
        hide.add(rest.pop(0))
    return hide


# -- what the pages show ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """A mean score (0–100) of the partnerships in a group; None when hidden or nobody scored it."""

    mean: float | None = None
    n: int = 0  # partnerships whose score is in the mean (0 when hidden)

    @property
    def rounded(self) -> int | None:
        return None if self.mean is None else int(self.mean + 0.5)


@dataclass
class CriterionFigure:
    code: str
    title: str
    number: int
    part: str
    dimension: str
    dimension_title: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def both(self) -> Cell:
        return self.cells.get(BOTH, Cell())

    @property
    def german(self) -> Cell:
        return self.cells.get(GERMAN, Cell())

    @property
    def partner(self) -> Cell:
        return self.cells.get(PARTNER, Cell())


def weakest_first(criteria: Iterable[CriterionFigure]) -> list[CriterionFigure]:
    """By the mean of both sides together, lowest first; hidden ones last, in the questionnaire's order."""
    return sorted(criteria, key=lambda c: (c.both.mean is None, c.both.mean or 0.0, c.number))


@dataclass
class Group:
    """The partnerships of a group (all, a partner country, the pooled other countries) and their criteria."""

    key: str
    label: str
    size: int
    criteria: list[CriterionFigure]  # weakest first

    def weakest(self, count: int = 3) -> list[CriterionFigure]:
        return [c for c in self.criteria if c.both.mean is not None][:count]


@dataclass
class Aspect:
    """A part or a dimension of the overall group: its criteria weakest first; its mean when all are shown."""

    code: str
    title: str
    criteria: list[CriterionFigure]

    @property
    def mean(self) -> float | None:
        means = [c.both.mean for c in self.criteria]
        if not means or any(m is None for m in means):
            return None
        return sum(m for m in means if m is not None) / len(means)

    @property
    def rounded(self) -> int | None:
        mean = self.mean
        return None if mean is None else int(mean + 0.5)

    @property
    def weakest(self) -> list[CriterionFigure]:
        return [c for c in self.criteria if c.both.mean is not None][:3]


@dataclass
class Figures:
    version: Version | None
    year: int | None
    minimum: int
    overall: Group | None = None  # None: fewer partnerships than the minimum
    countries: list[Group] = field(default_factory=list)
    parts: list[Aspect] = field(default_factory=list)
    dimensions: list[Aspect] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.overall is not None

    @property
    def aspect_groups(self) -> list[tuple[str, str, list[Aspect]]]:
        """(caption, the heading of its first column, the aspects) for parts and dimensions."""
        return [(_("The weakest criteria of each part"), _("Part"), self.parts),
                (_("The weakest criteria of each dimension"), _("Dimension"), self.dimensions)]


# -- reading ---------------------------------------------------------------------------------------------

def versions() -> list[Version]:
    """The check-up questionnaire's published versions, newest first (one query)."""
    return list(Version.objects.select_related("questionnaire").filter(
        questionnaire__code=questionnaire_code(), state=Version.State.PUBLISHED).order_by("-number"))


def years(version: Version) -> list[int]:
    """The years in which unsealed rounds of the version were opened, newest first (one query)."""
    found: Iterable[datetime] = Round.objects.filter(version=version, closed_at__isnull=False).order_by().datetimes(
        "opened_at", "year", order="DESC")
    return [d.year for d in found]


def latest_rounds(version: Version, year: int | None = None) -> QuerySet[Round]:
    """Each partnership's latest unsealed round of the version (opened in `year`) that has scores.

    Ranked by a window function (one pass), not a subquery per round: SQLite would scan the version's rounds for each.
    """
    rounds = Round.objects.filter(version=version, closed_at__isnull=False).filter(
        Exists(CriterionScore.objects.filter(round_id=OuterRef("pk"))))
    if year is not None:
        rounds = rounds.filter(opened_at__year=year)
    newest = Window(RowNumber(), partition_by=[F("partnership_id")], order_by=[F("closed_at").desc(), F("pk").desc()])
    return Round.objects.filter(pk__in=rounds.annotate(rank=newest).filter(rank=1).values("pk")).order_by()


def _partner_country(round_field: str) -> Subquery:
    return Subquery(Side.objects.filter(round_id=OuterRef(round_field), role=Role.PARTNER)
                    .order_by().values("municipality__country_id")[:1])


def _scores(latest: QuerySet[Round]) -> list[tuple[str, str, str, float | None, int]]:
    """(criterion, side, partner country, mean, partnerships scored) in two aggregated queries.

    "both" is the stored score of both sides together; for a round in which only one side submitted,
    that side's score stands for both (as on the round's own results page).
    """
    mine = CriterionScore.objects.filter(round_id__in=latest.values("pk")).annotate(
        country=_partner_country("round_id"))
    by_side = mine.filter(side__in=[GERMAN, PARTNER]).values("criterion", "side", "country").annotate(
        mean=Avg("value"), n=Count("value")).order_by()
    paired = Exists(CriterionScore.objects.filter(round_id=OuterRef("round_id"), side=BOTH))
    combined = mine.annotate(paired=paired).filter(Q(side=BOTH) | Q(side__in=[GERMAN, PARTNER], paired=False)).values(
        "criterion", "country").annotate(mean=Avg("value"), n=Count("value")).order_by()
    rows = [(r["criterion"], r["side"], r["country"] or "", r["mean"], r["n"]) for r in by_side]
    rows += [(r["criterion"], BOTH, r["country"] or "", r["mean"], r["n"]) for r in combined]
    return rows


def figures_of(*, version: Version | None, year: int | None = None, language: str | None = None,
               minimum: int | None = None) -> Figures:
    """The anonymised figures of the version's rounds (of `year`), titles in `language` (else the active one)."""
    minimum = minimum_group_size() if minimum is None else minimum
    figures = Figures(version, year, minimum)
    if version is None:
        return figures
    latest = latest_rounds(version, year)
    sizes = {str(r["country"] or ""): int(r["n"]) for r in latest.annotate(country=_partner_country("pk"))
             .values("country").annotate(n=Count("pk")).order_by()}
    total = sum(sizes.values())
    if total < minimum:
        return figures
    own, pool = pooled(sizes, minimum)
    group_of = {c: c for c in own} | dict.fromkeys(pool, OTHER)
    keys = own + ([OTHER] if pool else [])
    # sums[side][criterion][group] = [sum of means × n, n]
    sums: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(
        lambda: [0.0, 0])))
    for criterion, side, country, mean, n in _scores(latest):
        if mean is None or not n or country not in group_of:
            continue
        cell = sums[side][criterion][group_of[country]]
        cell[0] += mean * n
        cell[1] += n
    language = language or translation.get_language() or "de"
    shape = outline(version, language)
    part_of = {s.pk: str((s.meta or {}).get("part", "")) for s in shape.sections if s.parent_id is None}
    base = [(code, title, number, part_of.get(section.parent_id or 0, ""), str((section.meta or {}).get(
        "dimension", ""))) for number, (code, title, section) in enumerate(shape.criteria, 1)]
    per_group: dict[str, list[CriterionFigure]] = {k: [] for k in ["", *keys]}  # "": all partnerships
    for code, title, number, part, dimension in base:
        made = {k: CriterionFigure(code, title, number, part, dimension, dimension_name(dimension))
                for k in per_group}
        for side in SIDES:
            cells = {k: (sums[side][code][k][0], int(sums[side][code][k][1])) for k in keys}
            n_all = sum(n for _s, n in cells.values())
            hide = set(keys) if n_all < minimum else hidden({k: n for k, (_s, n) in cells.items()}, minimum)
            if n_all >= minimum:
                made[""].cells[side] = Cell(sum(s for s, _n in cells.values()) / n_all, n_all)
            for k, (s, n) in cells.items():
                if k not in hide and n:
                    made[k].cells[side] = Cell(s / n, n)
        for k, figure in made.items():
            per_group[k].append(figure)
    figures.overall = Group("", _("All partnerships"), total, weakest_first(per_group[""]))
    if own:
        names = {c.code: c.name for c in Country.objects.filter(code__in=own)}
        figures.countries = [Group(k, names.get(k, k) or _("unknown country"), sizes[k], weakest_first(per_group[k]))
                             for k in own]
        if pool:
            figures.countries.append(Group(OTHER, _("Other countries"), sum(sizes[k] for k in pool),
                                           weakest_first(per_group[OTHER])))
    overall = figures.overall.criteria
    figures.parts = [Aspect(code, title, [c for c in overall if c.part == code]) for code, title in shape.parts]
    figures.dimensions = [Aspect(code, dimension_name(code), [c for c in overall if c.dimension == code])
                          for code in shape.dimensions]
    return figures


def public_figures(*, language: str | None = None) -> Figures:
    """The figures of the current published version of the check-up, of every year: for the public statistics."""
    return figures_of(version=questionnaires.current_version(questionnaire_code()), language=language)
