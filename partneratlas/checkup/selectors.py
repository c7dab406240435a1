"""Reads of the check-up: a partnership's rounds, the support that fits a weak criterion, peers.

Nothing here returns a side's answers: the answers are read only by `results.py`, and only for
an unsealed round (`results.results_of` refuses a sealed one).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from partneratlas.checkup.models import CriterionScore, Round, Side
from partneratlas.registry.models import Partnership

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


def support_offers(*, criterion: str, language: str) -> list[Offer]:
    """The agency's events, trainings and funding programmes that fit a weak criterion.

    The hook for the events and funding capabilities: neither exists yet, so nothing fits. When
    they come, they offer a selector (criterion → offers) that this calls, through their own
    `selectors.py`.
    """
    return []


@dataclass(frozen=True)
class Peer:
    partnership: str
    uid: str
    published: bool
    criterion: str
    score: float
    municipalities: tuple[str, ...]  # the sides that opted in


def peers_for(*, criteria: list[str], questionnaire_id: int, exclude: int, strong: float) -> dict[str, list[Peer]]:
    """Per criterion, other partnerships whose latest unsealed round scored at least `strong` on it (both sides
    together) and one of whose sides opted in; five queries."""
    if not criteria:
        return {}
    scores = (CriterionScore.objects.filter(criterion__in=criteria, side="both", value__gte=strong,
                                            round__version__questionnaire_id=questionnaire_id,
                                            round__sides__peers_opt_in=True, round__closed_at__isnull=False)
              .exclude(round__partnership_id=exclude).distinct()
              .select_related("round__partnership").prefetch_related("round__partnership__memberships__municipality")
              .order_by("-round__closed_at"))
    rows = list(scores[:500])
    round_ids = {s.round_id for s in rows}
    opted: dict[int, list[str]] = {}
    for side in Side.objects.filter(round_id__in=round_ids, peers_opt_in=True).select_related("municipality"):
        opted.setdefault(side.round_id, []).append(side.municipality.display_name)
    latest: dict[int, int] = {}  # partnership → its newest unsealed round
    for round_id, partnership_id in Round.objects.filter(
            partnership_id__in={s.round.partnership_id for s in rows}, closed_at__isnull=False).order_by(
            "closed_at").values_list("pk", "partnership_id"):
        latest[partnership_id] = round_id
    found: dict[str, list[Peer]] = {}
    for s in rows:
        p = s.round.partnership
        if latest.get(p.pk) != s.round_id:
            continue
        found.setdefault(s.criterion, []).append(Peer(
            str(p), str(p.uid), p.published, s.criterion, s.value or 0.0,
            tuple(opted.get(s.round_id, []))))
    for peers in found.values():
        peers.sort(key=lambda peer: -peer.score)
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
