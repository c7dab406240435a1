"""Reads of the check-up: a partnership's rounds, the support that fits a weak criterion, peers.

Nothing here returns a side's answers: the answers are read only by `results.py`, and only for
an unsealed round (`results.results_of` refuses a sealed one).
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

from partneratlas.checkup.models import CriterionScore, Round, Side
from partneratlas.events import selectors as events
from partneratlas.i18n import pick
from partneratlas.registry.models import Membership, Partnership

if TYPE_CHECKING:
    from partneratlas.checkup.figures import Figures


def rounds_of(partnership: Partnership) -> QuerySet[Round]:
    """The partnership's rounds, newest first, each with its sides, their responses' states and municipalities.

    Three queries, however many rounds.
    """
    sides = Side.objects.select_related("response", "municipality").order_by("role")
    return (Round.objects.filter(partnership=partnership).select_related("version")
            .prefetch_related(Prefetch("sides", queryset=sides)).order_by("-opened_at", "-pk"))


@dataclass(frozen=True)
class Offer:
    """A support offer that fits a criterion: an event, a training, a funding programme."""

    kind: str  # event, training, funding
    title: str
    url: str


def support_offers(*, criteria: list[str], language: str,
                   now: datetime.datetime | None = None) -> dict[str, list[Offer]]:
    """Per weak criterion, the agency's events and trainings that fit it: the next editions of the series whose
    organisers said they help with that criterion (events.selectors). Funding programmes join when they exist."""
    found: dict[str, list[Offer]] = {}
    with translation.override(language):
        for code, editions in events.support_for(criteria=criteria, now=now or timezone.now()).items():
            found[code] = [Offer("training" if e.series.format == "training" else "event", _offer_title(e),
                                 reverse("events:edition", args=[e.pk])) for e in editions]
    return found


def _offer_title(edition: Any) -> str:
    """"Round table China, 16 June 2027, Wuppertal": an edition as events.selectors gives it."""
    start = timezone.localtime(edition.starts_at, ZoneInfo(edition.time_zone)).date()
    where = edition.place.display_name if edition.place_id else pgettext("event place", "online")
    return f"{edition.title}, {date_format(start, 'DATE_FORMAT')}, {where}"


@dataclass(frozen=True)
class Peer:
    partnership: str
    uid: str
    published: bool
    criterion: str
    score: float
    municipalities: tuple[str, ...]  # the sides that opted in


PEERS_SHOWN = 5  # per weak criterion: the strongest few, not every partnership that scores strong
_CRITERION = "\x00criterion"  # stands for each criterion in the compiled statement


def peers_for(*, criteria: list[str], questionnaire_id: int, exclude: int, strong: float,
              limit: int = PEERS_SHOWN) -> dict[str, list[Peer]]:
    """Per criterion, the `limit` other partnerships that scored highest on it (both sides together, at least
    `strong`) in their latest unsealed round, one of whose sides opted in; strongest first.

    One statement per criterion, which walks the score index from the top and stops at `limit` (so its cost
    does not grow with the number of rounds), all sent as one query; then three for the scores and the names.
    """
    if not criteria:
        return {}
    newer = Round.objects.filter(partnership_id=OuterRef("round__partnership_id"), closed_at__isnull=False,
                                 closed_at__gt=OuterRef("round__closed_at"))
    opted_in = Side.objects.filter(round_id=OuterRef("round_id"), peers_opt_in=True)
    candidates = (CriterionScore.objects.filter(side="both", value__gte=strong, round__closed_at__isnull=False,
                                                round__version__questionnaire_id=questionnaire_id)
                  .exclude(round__partnership_id=exclude).filter(Exists(opted_in)).exclude(Exists(newer))
                  .order_by("-value", "-pk"))
    # The statement is compiled once and run for every criterion in one UNION ALL: compiling it per criterion
    # cost more than running it.
    sql, params = candidates.filter(criterion=_CRITERION).values_list("pk", flat=True)[:limit].query.sql_with_params()
    wanted = list(dict.fromkeys(criteria))
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS peers_{i}" for i in range(len(wanted)))
    with connection.cursor() as cursor:
        cursor.execute(union, [c if p == _CRITERION else p for c in wanted for p in params])
        picked = [row[0] for row in cursor.fetchall()]
    if not picked:
        return {}
    rows = list(CriterionScore.objects.filter(pk__in=picked).order_by("-value", "-pk").values_list(
        "criterion", "value", "round_id", "round__partnership_id", "round__partnership__uid",
        "round__partnership__published"))
    names: dict[int, list[str]] = {}
    for partnership_id, name, localized in Membership.objects.filter(
            partnership_id__in={r[3] for r in rows}).order_by("partnership_id", "position", "pk").values_list(
            "partnership_id", "municipality__name", "municipality__localized_names"):
        names.setdefault(partnership_id, []).append(pick(localized, name) if localized else name)
    opted: dict[int, list[str]] = {}
    for round_id, name, localized in Side.objects.filter(
            round_id__in={r[2] for r in rows}, peers_opt_in=True).order_by("role").values_list(
            "round_id", "municipality__name", "municipality__localized_names"):
        opted.setdefault(round_id, []).append(pick(localized, name) if localized else name)
    found: dict[str, list[Peer]] = {}
    for criterion, value, round_id, partnership_id, uid, published in rows:
        found.setdefault(criterion, []).append(Peer(
            " – ".join(names.get(partnership_id, [])) or str(uid), str(uid), published, criterion, value or 0.0,
            tuple(opted.get(round_id, []))))
    return found


def published_rounds(partnership_id: int) -> list[Round]:
    """The partnership's unsealed rounds whose results every answering side agreed to publish, newest first (one
    query). The caller shows them only for a published partnership."""
    return list(Round.objects.filter(partnership_id=partnership_id, results_public=True, closed_at__isnull=False)
                .only("pk", "opened_at", "closed_at").order_by("-opened_at", "-pk"))


def public_figures(*, language: str | None = None) -> "Figures":
    """The anonymised check-up figures for the public statistics (`figures.public_figures`; read by the atlas)."""
    from partneratlas.checkup import figures  # figures reads results, which reads this module

    return figures.public_figures(language=language)
