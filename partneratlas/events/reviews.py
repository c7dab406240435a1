"""Reviews of host applications (Bewertung), the ranking by weighted mean, and the decision.

Each reviewer scores every criterion of the call from 0 to 5 and may comment. An application's
score is the weighted mean, over the call's criteria, of the reviewers' mean score per criterion
(a criterion nobody scored is left out, never counted as zero). A reviewer never sees or reviews an
application of an organisation they belong to, nor one of their own municipality's administrations.
The decision sets the edition's host and writes to every applicant in their language.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partneratlas.events.access import organises_series
from partneratlas.events.hosting import HostingRefused, criterion_label
from partneratlas.events.models import Edition, HostApplication, HostCall, Review
from partneratlas.notifications.selectors import Recipient, recipient_of
from partneratlas.notifications.services import notify
from partneratlas.people.access import access_of
from partneratlas.people.models import Member, Role

MAX_SCORE = 5
REVIEWABLE = [HostApplication.State.SUBMITTED, HostApplication.State.CHOSEN, HostApplication.State.NOT_CHOSEN]


# --- the arithmetic (pure) ------------------------------------------------------------------------------


def weighted_mean(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """The mean of the scores weighted by their criteria's weights; None when no weighted criterion was scored."""
    pairs = [(scores[c], w) for c, w in weights.items() if w > 0 and scores.get(c) is not None]
    total = sum(w for _s, w in pairs)
    return sum(s * w for s, w in pairs) / total if total else None


def criterion_means(reviews: Iterable[Mapping[str, Any]], codes: Iterable[str]) -> dict[str, float]:
    """Per criterion, the mean of the reviewers' scores that were given."""
    found: dict[str, list[float]] = {c: [] for c in codes}
    for scores in reviews:
        for code, values in found.items():
            if isinstance(scores.get(code), (int, float)):
                values.append(float(scores[code]))
    return {c: sum(v) / len(v) for c, v in found.items() if v}


def application_score(reviews: Iterable[Mapping[str, Any]], criteria: list[dict[str, Any]]) -> float | None:
    weights = {c["code"]: float(c["weight"]) for c in criteria}
    return weighted_mean(criterion_means(reviews, weights), weights)


# --- who may review -----------------------------------------------------------------------------------


def _own_organisations(user: Any) -> tuple[set[int], set[int]]:
    """The organisations the user belongs to (any role) and the municipalities of those administrations."""
    cached = getattr(user, "_partneratlas_member_of", None)
    if cached is None:
        rows = list(Member.objects.filter(user=user).values_list("organisation_id", "organisation__municipality_id"))
        cached = ({o for o, _m in rows}, {m for _o, m in rows if m})
        user._partneratlas_member_of = cached
    return cached


def reviews_calls(user: Any, call: HostCall) -> bool:
    """Agency staff and the editors of the series' organiser review a call's applications."""
    return organises_series(user, call.series)


def conflicted(user: Any, application: HostApplication) -> bool:
    """The reviewer belongs to the applying organisation or to an administration of the applying municipality."""
    organisations, municipalities = _own_organisations(user)
    return application.organisation_id in organisations or application.municipality_id in municipalities


def reviewable(user: Any, call: HostCall) -> QuerySet[HostApplication]:
    """The call's submitted (and decided) applications the user may see and review: never their own's."""
    if not reviews_calls(user, call):
        return HostApplication.objects.none()
    organisations, municipalities = _own_organisations(user)
    return (call.applications.filter(state__in=REVIEWABLE)
            .exclude(Q(organisation_id__in=organisations) | Q(municipality_id__in=municipalities))
            .select_related("organisation", "municipality", "response"))


# --- reads --------------------------------------------------------------------------------------------


@dataclass
class Ranked:
    application: HostApplication
    score: float | None
    reviews: int
    means: dict[str, float]
    mine: Review | None
    comments: list[tuple[str, str]] = field(default_factory=list)  # (reviewer, comment)
    cells: list[float | None] = field(default_factory=list)  # the means in the order of the call's criteria


def ranking(user: Any, call: HostCall) -> list[Ranked]:
    """The applications the user may see, best weighted mean first (unreviewed last); two queries."""
    applications = list(reviewable(user, call).prefetch_related("reviews__reviewer"))
    codes = [c["code"] for c in call.criteria]
    rows = []
    for application in applications:
        reviews = list(application.reviews.all())
        scores = [r.scores for r in reviews]
        rows.append(Ranked(application, application_score(scores, call.criteria), len(reviews),
                           criterion_means(scores, codes), next((r for r in reviews if r.reviewer_id == user.pk), None),
                           [(_name(r), r.comment) for r in reviews if r.comment]))
        rows[-1].cells = [rows[-1].means.get(code) for code in codes]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application.submitted_at or r.application.created_at))
    return rows


def _name(review: Review) -> str:
    if review.reviewer is None:
        return _("a former reviewer")
    return review.reviewer.get_full_name() or review.reviewer.email


def criteria_shown(call: HostCall) -> list[dict[str, Any]]:
    return [{**c, "label": criterion_label(c)} for c in call.criteria]


# --- writes -------------------------------------------------------------------------------------------


@transaction.atomic
def review_save(*, application: HostApplication, reviewer: Any, scores: dict[str, int], comment: str,
                now: datetime.datetime) -> Review:
    """The reviewer's scores (0–5 for each criterion of the call) and comment; saving again replaces them.

    Raises HostingRefused for a reviewer who may not review it (their own organisation's application, or not
    an organiser), a missing or out-of-range score, or a decided call.
    """
    application = HostApplication.objects.select_related("call__series").get(pk=application.pk)
    call = application.call
    if not reviews_calls(reviewer, call) or conflicted(reviewer, application):
        raise HostingRefused(_("You cannot review this application: it comes from your own organisation."))
    if application.state != HostApplication.State.SUBMITTED or call.chosen_id is not None:
        raise HostingRefused(_("Only submitted applications of an undecided call can be reviewed."))
    codes = [c["code"] for c in call.criteria]
    missing = [criterion_label(c) for c in call.criteria if not isinstance(scores.get(c["code"]), int)
               or isinstance(scores.get(c["code"]), bool) or not 0 <= scores[c["code"]] <= MAX_SCORE]
    if missing or set(scores) - set(codes):
        raise HostingRefused(_("Give each criterion a score from 0 to %(max)d: %(criteria)s.")
                             % {"max": MAX_SCORE, "criteria": ", ".join(missing)})
    review, _created = Review.objects.update_or_create(
        application=application, reviewer=reviewer,
        defaults={"scores": {c: scores[c] for c in codes}, "comment": comment.strip()[:5000], "updated_at": now})
    return review


def _recipients(application: HostApplication) -> list[Recipient]:
    """The person who applied and the applying administration's editors, each in their language."""
    members = Member.objects.filter(organisation_id=application.organisation_id, role__in=[Role.EDITOR, Role.ADMIN],
                                    user__is_active=True).select_related("user__notification_preference")
    users = {m.user.pk: m.user for m in members}
    if application.created_by is not None and application.created_by.is_active:
        users.setdefault(application.created_by.pk, application.created_by)
    return [recipient_of(u) for u in users.values() if u.email]


@transaction.atomic
def call_decide(*, call: HostCall, application: HostApplication, user: Any, now: datetime.datetime) -> HostCall:
    """Choose the host: the application is chosen, the other submitted ones are not.

    Side effects: the call's edition gets the applicant's municipality and administration as its host;
    after commit, one e-mail to each applicant (the person who applied and their administration's
    editors), in each recipient's language, exactly once per application. Raises HostingRefused when
    the call is decided already, has no edition, the application is not a submitted one of this call,
    or the decider belongs to the applying organisation.
    """
    call = HostCall.objects.select_for_update(of=("self",)).select_related("series", "edition").get(pk=call.pk)
    if not reviews_calls(user, call):
        raise HostingRefused(_("Only the organisers of the series decide on its hosts."))
    if call.chosen_id is not None:
        raise HostingRefused(_("This call has been decided already."))
    if call.edition is None:
        raise HostingRefused(_("Link the call to its edition first: the decision makes the applicant its host."))
    chosen = HostApplication.objects.select_related("organisation", "municipality").filter(
        pk=application.pk, call=call, state=HostApplication.State.SUBMITTED).first()
    if chosen is None:
        raise HostingRefused(_("Only a submitted application of this call can be chosen."))
    if conflicted(user, chosen):
        raise HostingRefused(_("You cannot decide on an application of your own organisation."))
    call.chosen, call.decided_at, call.decided_by = chosen, now, user if user and user.pk else None
    call.save(update_fields=["chosen", "decided_at", "decided_by"])
    others = list(call.applications.filter(state=HostApplication.State.SUBMITTED).exclude(pk=chosen.pk)
                  .select_related("created_by", "municipality"))
    HostApplication.objects.filter(pk__in=[a.pk for a in others]).update(state=HostApplication.State.NOT_CHOSEN)
    HostApplication.objects.filter(pk=chosen.pk).update(state=HostApplication.State.CHOSEN)
    Edition.objects.filter(pk=call.edition.pk).update(host=chosen.municipality_id,
                                                      host_organisation=chosen.organisation_id)
    for app in [chosen, *others]:
        notify(event=f"events.host-decision:{call.pk}:{app.pk}", recipients=_recipients(app),
               template="events/hosting/mail/decision",
               context={"chosen": app.pk == chosen.pk, "series": call.series, "year": call.year,
                        "municipality": app.municipality.display_name, "edition": call.edition,
                        "host": chosen.municipality.display_name, "application_id": app.pk})
    return call


def may_see_call(user: Any, call: HostCall) -> bool:
    return access_of(user).staff or reviews_calls(user, call)
