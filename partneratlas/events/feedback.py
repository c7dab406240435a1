"""The feedback survey after an edition (Feedback-Umfrage): only attendees answer, organisers see the results.

The survey is a questionnaire we ship (definitions/event-feedback-v1.json), answered through the
questionnaire engine, one response per attendee (a registration that was checked in). Attendees
reach it with their account or by the personal link of their invitation; the survey is open from
the edition's start until FEEDBACK_DAYS after its end. Results are counts per option, means and
the free texts, never who gave them.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from partneratlas.events.hosting import DEFINITIONS, HostingRefused, shipped_version
from partneratlas.events.models import Edition, Registration
from partneratlas.notifications.selectors import recipients_by_address
from partneratlas.notifications.services import notify
from partneratlas.questionnaires.models import Answer, Item, Response, Version
from partneratlas.questionnaires.services import open_languages, response_start
from partneratlas.questionnaires.texts import shown

FEEDBACK_FORM = ("events-feedback", DEFINITIONS / "event-feedback-v1.json")
FEEDBACK_DAYS = 42
_SALT = "events.feedback"


def subject_of(registration: Registration) -> str:
    return f"events.feedback:{registration.edition_id}:{registration.pk}"


def link_token(registration: Registration) -> str:
    """The personal link's token: the registration, signed (no account needed)."""
    return signing.dumps(registration.pk, salt=_SALT)


def registration_by_token(token: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("edition__series", "edition__feedback").filter(pk=pk).first()


def is_open(edition: Edition, now: datetime.datetime) -> bool:
    """The survey takes answers from the edition's start until FEEDBACK_DAYS after its end."""
    return (edition.feedback_id is not None and edition.state != Edition.State.CANCELLED
            and edition.starts_at <= now <= edition.ends_at + datetime.timedelta(days=FEEDBACK_DAYS))


def attendee_of(user: Any, edition: Edition) -> Registration | None:
    """The user's checked-in registration for the edition (by account or by e-mail address)."""
    if user is None or not user.is_authenticated:
        return None
    from django.db.models import Q

    return (Registration.objects.filter(edition=edition, attended_at__isnull=False)
            .filter(Q(user=user) | Q(email__iexact=user.email or "-")).order_by("pk").first())


def response_of(registration: Registration) -> Response | None:
    return Response.objects.filter(subject=subject_of(registration)).select_related("version").first()


# --- writes -------------------------------------------------------------------------------------------


@transaction.atomic
def survey_open(*, edition: Edition) -> Version:
    """Give the edition the shipped feedback survey (the newest published version); nothing when it has one.

    Side effects: the edition's `feedback`; the questionnaire loaded and published the first time.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.feedback_id is not None:
        return edition.feedback  # type: ignore[return-value]
    version = shipped_version(code=FEEDBACK_FORM[0], path=FEEDBACK_FORM[1])
    Edition.objects.filter(pk=edition.pk).update(feedback=version)
    return version


@transaction.atomic
def survey_invite(*, edition: Edition, now: datetime.datetime) -> int:
    """Invite every attendee to the survey, each in their registration's language, with a personal link.

    Side effects: after commit, one e-mail per attendee, exactly once however often this runs (the event
    key). Returns how many were queued now. Raises HostingRefused when the survey is not open.
    """
    edition = Edition.objects.select_related("series").get(pk=edition.pk)
    if not is_open(edition, now):
        raise HostingRefused(_("The feedback survey is not open: it opens with the edition and closes "
                               "%(days)d days after it.") % {"days": FEEDBACK_DAYS})
    count = 0
    closes = edition.ends_at + datetime.timedelta(days=FEEDBACK_DAYS)
    for registration in Registration.objects.filter(edition=edition, attended_at__isnull=False).order_by("pk"):
        count += len(notify(event=f"events.feedback-invite:{edition.pk}:{registration.pk}",
                            recipients=recipients_by_address([registration.email], language=registration.language),
                            template="events/after/mail/feedback", secret=True,
                            context={"edition": edition, "name": registration.name, "token": link_token(registration),
                                     "closes": closes}))
    return count


def invitations_due(*, now: datetime.datetime) -> int:
    """Invite the attendees of every edition that has ended, whose survey is still open (the daily run).

    Side effects: as survey_invite, per edition; an attendee is invited once however often this runs.
    Returns how many invitations were queued.
    """
    editions = Edition.objects.filter(feedback__isnull=False, ends_at__lte=now,
                                      ends_at__gte=now - datetime.timedelta(days=FEEDBACK_DAYS)).exclude(
        state=Edition.State.CANCELLED).order_by("pk")
    return sum(survey_invite(edition=edition, now=now) for edition in editions)


@transaction.atomic
def response_for(*, registration: Registration, language: str, now: datetime.datetime) -> Response:
    """The attendee's response to the edition's survey, opened in `language` (else the registration's, else
    the survey's first) the first time. Raises HostingRefused for someone who did not attend, or when the
    survey is not open."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related("edition__feedback").get(
        pk=registration.pk)
    edition = registration.edition
    if registration.attended_at is None:
        raise HostingRefused(_("Only people who attended can answer the feedback survey."))
    existing = response_of(registration)
    if existing is not None:
        return existing
    if not is_open(edition, now):
        raise HostingRefused(_("The feedback survey is not open."))
    version = edition.feedback
    assert version is not None  # is_open
    languages = open_languages(version)
    chosen = next((code for code in (language, registration.language) if code in languages), languages[0])
    return response_start(version=version, subject=subject_of(registration), language=chosen,
                          user=registration.user, now=now)


# --- results ------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    count: int
    share: int  # percent of the answers to the question


@dataclass
class Result:
    item: Item
    question: str
    answered: int = 0
    not_applicable: int = 0
    mean: float | None = None
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    version: Version | None
    attendees: int
    responses: int
    items: list[Result]


def results(edition: Edition, *, language: str) -> Results:
    """The submitted answers of the edition's survey, per question: counts per option (and level), means,
    free texts. Four queries."""
    attendees = Registration.objects.filter(edition=edition, attended_at__isnull=False).count()
    version = edition.feedback
    if version is None:
        return Results(None, attendees, 0, [])
    submitted = Response.objects.filter(subject__startswith=f"events.feedback:{edition.pk}:",
                                        state__in=[Response.State.SUBMITTED, Response.State.LOCKED],
                                        submitted_at__isnull=False)
    answers = list(Answer.objects.filter(response__in=submitted).values_list(
        "item_id", "value", "not_applicable").order_by("response_id", "item_id"))
    order = version.languages
    found = []
    by_item: dict[int, list[tuple[Any, bool]]] = {}
    for item_id, value, na in answers:
        by_item.setdefault(item_id, []).append((value, na))
    for item in version.items.all():
        given = by_item.get(item.pk, [])
        result = Result(item, shown(item.text, language, order).text)
        values = [v for v, na in given if not na and v not in (None, "", [])]
        result.not_applicable = sum(1 for _v, na in given if na)
        result.answered = len(values)
        if item.kind == Item.Kind.SCALE:
            counts = Counter(int(v) for v in values)
            result.rows = [Row(shown(t, language, order).text or level, counts[int(level)],
                               _share(counts[int(level)], len(values)))
                           for level, t in sorted(item.levels.items(), key=lambda kv: int(kv[0]))]
            result.mean = sum(int(v) for v in values) / len(values) if values else None
        elif item.kind == Item.Kind.CHOICE:
            counts = Counter(c for v in values for c in (v if isinstance(v, list) else [v]))
            result.rows = [Row(shown(o["label"], language, order).text, counts[o["code"]],
                               _share(counts[o["code"]], len(values))) for o in item.options]
        elif item.kind == Item.Kind.NUMBER:
            result.mean = sum(float(v) for v in values) / len(values) if values else None
        else:
            result.texts = [str(v) for v in values]
        found.append(result)
    return Results(version, attendees, submitted.count(), found)


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0
