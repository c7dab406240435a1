"""The check-up in the API: a partnership's rounds, one round with its results, a partnership's indicators.

As on the check-up's pages: the members' administrations and the agency read a partnership's
rounds and indicators; a round's results once it is unsealed, and for everyone who sees the
published partnership when its results are published. A sealed round has no results here: its
answers and scores are read only by `checkup.results.results_of`, which refuses a sealed round.
As the pages do, reading a round whose closing day has passed unseals it (`round_settle`).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router

from partneratlas.api.auth import READERS, SECURITY_ANYONE, reader_of, sign_in_first
from partneratlas.api.member_schemas import IndicatorList, RoundDetailOut, RoundList
from partneratlas.api.members import answer, private_only
from partneratlas.api.paging import MAX_ID
from partneratlas.api.schemas import ErrorOut
from partneratlas.checkup import selectors, services
from partneratlas.checkup.indicators import Value, indicators_for
from partneratlas.checkup.models import Round
from partneratlas.checkup.results import Line, Results, results_of, side_label
from partneratlas.people.audit import deny
from partneratlas.questionnaires.scoring import Score

router = Router()  # under /partnerships
rounds_router = Router()  # under /checkup/rounds
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _state(round_: Round) -> tuple[str, str]:
    if round_.unsealed:
        return "unsealed", _("unsealed: the results can be read")
    if services.is_open(round_):
        return "open", _("open: answers can be given")
    return "sealed", _("sealed")


def _round(round_: Round) -> dict[str, Any]:
    state, label = _state(round_)
    return {
        "id": round_.pk, "questionnaire": round_.version.questionnaire.code, "version": round_.version.number,
        "opened_at": round_.opened_at, "closes_on": round_.closes_on, "closed_at": round_.closed_at,
        "state": state, "state_label": label, "sealed": not round_.unsealed, "results_public": round_.results_public,
        "sides": [{"role": s.role, "role_label": side_label(s.role),
                   "municipality": {"id": s.municipality_id, "name": s.municipality.display_name},
                   "submitted": s.submitted} for s in round_.sides.all()],
    }


def _score(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {"value": score.value, "rounded": score.rounded, "answers": score.answers,
            "not_applicable": score.not_applicable}


def _line(line: Line, threshold: float) -> dict[str, Any]:
    return {"code": line.code, "title": line.title, "german": _score(line.german), "partner": _score(line.partner),
            "gap": line.gap, "gap_text": line.gap_text, "flagged": line.flagged(threshold)}


def _results(results: Results) -> dict[str, Any]:
    threshold = results.threshold
    return {
        "gap_threshold": threshold, "weak_below": results.weak_below,
        "criteria": [{**_line(c, threshold), "number": c.number, "both": c.both} for c in results.criteria],
        "parts": [_line(p, threshold) for p in results.parts],
        "dimensions": [_line(d, threshold) for d in results.dimensions],
        "flagged": [c.code for c in results.flagged],
        "weak": [{"code": w.line.code, "advice": w.advice, "advice_language": w.advice_language}
                 for w in results.weak],  # the peers are for the partnership's pages, not the API
    }


@router.get("/{uid}/checkup/rounds", response={200: RoundList, **ERRORS}, summary="Check-up rounds of a partnership",
            auth=READERS)
def list_rounds(request: HttpRequest, uid: str) -> HttpResponse:
    """Newest first, with each side's state; never answers or scores."""
    reader = reader_of(request)
    found = private_only(request, reader, uid, "check-up rounds")
    today = timezone.localdate()
    for due in Round.objects.filter(partnership=found.partnership, closed_at__isnull=True, closes_on__lt=today):
        services.round_settle(round_=due)  # a closing day passed since the daily run: unsealed, as on the page
    rounds = [_round(r) for r in selectors.rounds_of(found.partnership).select_related("version__questionnaire")]
    return answer({"count": len(rounds), "results": rounds}, reader)


@rounds_router.get("/{round_id}", response={200: RoundDetailOut, **ERRORS}, summary="One check-up round",
                   auth=READERS, openapi_extra=SECURITY_ANYONE)
def get_round(request: HttpRequest, round_id: str) -> HttpResponse:
    """The round and, once unsealed, its results; null while sealed."""
    reader = reader_of(request)
    not_found = Http404(_("No check-up round “%(id)s”.") % {"id": round_id})
    # isdigit() alone accepts other scripts' digits (² ١٢); they name no round
    number = int(round_id) if round_id.isascii() and round_id.isdigit() and len(round_id) < 20 else 0
    round_ = (Round.objects.select_related("partnership").filter(pk=number).first()
              if 1 <= number <= MAX_ID else None)
    if round_ is None:
        raise sign_in_first() if not reader.signed_in else not_found
    partnership = round_.partnership
    members = list(partnership.memberships.values_list("municipality_id", flat=True))
    published = round_.results_public and partnership.published
    if not reader.signed_in and not published:
        raise sign_in_first()  # as the page: sign in first, whether the round exists or not
    if not reader.access.sees(members, partnership.published):
        raise not_found
    private = reader.access.sees_private(members)
    if not private and not published:
        raise deny(request, f"API: check-up round {round_.pk}")
    if private and services.round_settle(round_=round_):
        round_.refresh_from_db()
    round_ = selectors.rounds_of(partnership).select_related("version__questionnaire").get(pk=round_.pk)
    body = _round(round_)
    body["results"] = _results(results_of(round_, language=get_language() or "de")) if round_.unsealed else None
    return answer(body, reader)


def _indicator(v: Value) -> dict[str, Any]:
    i = v.indicator
    return {"code": i.code, "name": str(i.name), "definition": str(i.definition), "direction": i.direction,
            "direction_label": str(i.direction_label), "watch": i.watch, "risk": i.risk, "value": v.value,
            "state": v.state, "state_label": str(v.state_label), "detail": v.detail, "note": str(v.note),
            "day": v.day, "sides": [{"name": name, "value": n} for name, n in v.parts]}


@router.get("/{uid}/indicators", response={200: IndicatorList, **ERRORS}, summary="Indicators of a partnership",
            auth=READERS)
def list_indicators(request: HttpRequest, uid: str) -> HttpResponse:
    """The seven indicators computed from the records, today; "no data" is null, never 0."""
    reader = reader_of(request)
    found = private_only(request, reader, uid, "indicators")
    today = timezone.localdate()
    values = indicators_for(found.partnership.pk, today)
    return answer({"today": today, "results": [_indicator(v) for v in values]}, reader)
