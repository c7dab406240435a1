"""Unsealed check-up rounds with their stored scores, made fast for the figures' tests.

The figures read only rounds, their sides and the `CriterionScore`s stored when a round is unsealed;
`scored` writes exactly those, as `services.round_settle` leaves them (the full flow through the
services is in `test_figures.py` too, for sealing).
"""

import datetime
import itertools

from django.utils import timezone

from partneratlas.checkup.models import CriterionScore, Role, Round, Side
from partneratlas.gazetteer.models import Municipality
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import partnership

_numbers = itertools.count(1)
CRITERIA = ("c01", "c02", "c05")  # of the test definition (factories.definition)


def pair(country: str) -> Partnership:
    """A new partnership of a German town and a town in `country`."""
    n = next(_numbers)
    german = Municipality.objects.create(ref=f"manual:fig-de-{n}", name=f"Musterstadt {n}", country_id="DE")
    partner = Municipality.objects.create(ref=f"manual:fig-{country.lower()}-{n}", name=f"Partnerstadt {n}",
                                          country_id=country)
    return partnership(german.ref, partner.ref)


def scored(p: Partnership, version: Version, scores: dict[str, tuple[float | None, float | None]], *,
           opened: datetime.datetime | None = None, sealed: bool = False, one_side: bool = False) -> Round:
    """A round of `p` with each side's score per criterion ((german, partner); None: no answer to count) and,
    when both sides submitted, both together (their mean here). `sealed`: not unsealed (scores kept anyway,
    a state the services never leave, to show they are not read)."""
    opened = opened or timezone.now() - datetime.timedelta(days=40)
    round_ = Round.objects.create(partnership=p, version=version, opened_at=opened,
                                  closes_on=opened.date() + datetime.timedelta(days=30),
                                  closed_at=None if sealed else opened + datetime.timedelta(days=20))
    members = list(p.memberships.order_by("position", "pk").values_list("municipality_id", "country_id"))
    german = next(m for m, c in members if c == "DE")
    partner = next(m for m, _c in members if m != german)
    Side.objects.bulk_create([Side(round=round_, role=Role.GERMAN, municipality_id=german),
                              Side(round=round_, role=Role.PARTNER, municipality_id=partner)])
    rows = []
    for criterion, (g, pt) in scores.items():
        rows.append(CriterionScore(round=round_, criterion=criterion, side="german", value=g, answers=1))
        if not one_side:
            rows.append(CriterionScore(round=round_, criterion=criterion, side="partner", value=pt, answers=1))
            values = [v for v in (g, pt) if v is not None]
            rows.append(CriterionScore(round=round_, criterion=criterion, side="both",
                                       value=sum(values) / len(values) if values else None, answers=len(values)))
    CriterionScore.objects.bulk_create(rows)
    return round_


def same(value: float | None) -> dict[str, tuple[float | None, float | None]]:
    """Every criterion scored `value` by both sides."""
    return dict.fromkeys(CRITERIA, (value, value))
