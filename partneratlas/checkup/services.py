"""Writes of the check-up: rounds opened, sides started, rounds unsealed (locked and scored), peers opt in.

Every function is atomic and keyword-only; a refusal raises Refused with a message in the
reader's language. Time is passed in (`now`). The partner link lives in `links.py`, the
reminders in `reminders.py`, loading the questionnaire in `loading.py`.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partneratlas.checkup.conf import questionnaire_code
from partneratlas.checkup.models import CriterionScore, Role, Round, Side
from partneratlas.questionnaires import selectors as questionnaires
from partneratlas.questionnaires import services as engine
from partneratlas.questionnaires.models import Response
from partneratlas.registry.models import Partnership

CRITERION = "criterion"
LONGEST_ROUND = datetime.timedelta(days=366)


class Refused(Exception):
    """A rule of the check-up forbids the write; the message says which, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def sides_of(partnership: Partnership) -> tuple[int, int] | None:
    """(German member, partner member): the first member in Germany and the first other one, by position."""
    members = list(partnership.memberships.order_by("position", "pk").values_list("municipality_id", "country_id"))
    german = next((m for m, country in members if country == "DE"), None)
    partner = next((m for m, _country in members if m != german), None)
    return (german, partner) if german is not None and partner is not None else None


@transaction.atomic
def round_open(*, partnership: Partnership, closes_on: datetime.date, user: Any = None,
               now: datetime.datetime | None = None) -> Round:
    """A new round on the current published version of the check-up, with its two sides (no answers yet).

    Refused when the partnership has an open round, lacks a German member or a partner, when
    no version is published, or when the closing day is not within the next year.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    at = _now(now)
    today = timezone.localdate(at)
    if Round.objects.filter(partnership=partnership, closed_at__isnull=True).exists():
        raise Refused(_("This partnership already has an open check-up round: a new one can be opened once it "
                        "has closed."))
    sides = sides_of(partnership)
    if sides is None:
        raise Refused(_("A check-up needs a German member and a partner member."))
    version = questionnaires.current_version(questionnaire_code())
    if version is None:
        raise Refused(_("The check-up questionnaire has not been published yet. Please ask the Servicestelle."))
    if not today < closes_on <= today + LONGEST_ROUND:
        raise Refused(_("The closing day must be after today and within a year."))
    round_ = Round.objects.create(partnership=partnership, version=version, opened_at=at, closes_on=closes_on,
                                  opened_by=user if user is not None and user.pk else None)
    Side.objects.bulk_create([Side(round=round_, role=Role.GERMAN, municipality_id=sides[0]),
                              Side(round=round_, role=Role.PARTNER, municipality_id=sides[1])])
    return round_


def is_open(round_: Round, now: datetime.datetime | None = None) -> bool:
    """Answers may still be given: not unsealed and the closing day not passed."""
    return round_.closed_at is None and timezone.localdate(_now(now)) <= round_.closes_on


@transaction.atomic
def side_start(*, side: Side, language: str, user: Any = None, now: datetime.datetime | None = None) -> Side:
    """The side's response, started in `language` (one whose texts are complete); the existing one if started."""
    side = Side.objects.select_for_update().select_related("round__version").get(pk=side.pk)
    if side.response_id is not None:
        return side
    if not is_open(side.round, now):
        raise Refused(_("This check-up round is closed: answers can no longer be given."))
    try:
        side.response = engine.response_start(
            version=side.round.version, subject=f"checkup-round:{side.round_id}/side:{side.role}",
            language=language, user=user, now=now)
    except engine.Refused as exc:
        raise Refused(exc.message) from exc
    side.save(update_fields=["response"])
    return side


@transaction.atomic
def round_settle(*, round_: Round, now: datetime.datetime | None = None) -> bool:
    """Unseal the round when both sides have submitted or its closing day has passed; True when it is unsealed.

    Side effects: both responses are locked (through the engine) and the scores per criterion
    of each side and of both together are stored.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at is not None:
        return True
    at = _now(now)
    sides = list(round_.sides.select_related("response"))
    if not (all(s.submitted for s in sides) or timezone.localdate(at) > round_.closes_on):
        return False
    round_.closed_at = at
    round_.save(update_fields=["closed_at"])
    responses: dict[str, Response] = {}
    for side in sides:
        if side.response is not None:
            engine.response_lock(response=side.response, now=at)
            if side.response.submitted_at is not None:  # a draft left at closing is not counted
                responses[side.role] = side.response
    rows = []
    groups: list[tuple[str, list[Response]]] = [(role, [r]) for role, r in responses.items()]
    if len(responses) == 2:
        groups.append(("both", list(responses.values())))
    for name, group in groups:
        for criterion, score in questionnaires.scores(group, group_by=CRITERION).items():
            rows.append(CriterionScore(round=round_, criterion=str(criterion), side=name, value=score.value,
                                       answers=score.answers, not_applicable=score.not_applicable))
    CriterionScore.objects.bulk_create(rows)
    _publication_settle(round_, sides)
    return True


def rounds_settle_due(*, now: datetime.datetime | None = None) -> int:
    """Unseal every open round whose closing day has passed (daily: `partneratlas checkup close`)."""
    today = timezone.localdate(_now(now))
    count = 0
    for round_ in Round.objects.filter(closed_at__isnull=True, closes_on__lt=today).only("pk"):
        count += round_settle(round_=round_, now=now)
    return count


@transaction.atomic
def side_peers_set(*, side: Side, opt_in: bool) -> Side:
    """Whether other partnerships may see this side as a peer on the criteria where its round scored strong."""
    side = Side.objects.select_for_update().get(pk=side.pk)
    side.peers_opt_in = opt_in
    side.save(update_fields=["peers_opt_in"])
    return side


def _publication_settle(round_: Round, sides: list[Side]) -> None:
    """The round's results are public when it is unsealed and every side that submitted agreed (at least one)."""
    submitted = [s for s in sides if s.submitted]
    public = round_.unsealed and bool(submitted) and all(s.publish_consent for s in submitted)
    if public != round_.results_public:
        round_.results_public = public
        round_.save(update_fields=["results_public"])


@transaction.atomic
def side_publish_set(*, side: Side, consent: bool) -> Side:
    """Whether this side agrees to publish the round's results (scores, radar and gap; never the answers).

    The results are public on the partnership's public page once the round is unsealed, every side that
    submitted agrees, and the partnership itself is published. Withdrawing the consent hides them again.
    """
    side = Side.objects.select_for_update().get(pk=side.pk)
    side.publish_consent = consent
    side.save(update_fields=["publish_consent"])
    round_ = Round.objects.select_for_update().get(pk=side.round_id)
    _publication_settle(round_, list(round_.sides.select_related("response")))
    return side
