"""Calls for hosts (Ausschreibung für Gastgeberkommunen): the agency opens a call, municipalities apply.

The application form is a questionnaire we ship (definitions/host-application-v1.json), answered
through the questionnaire engine: an applicant saves and resumes, then submits before the call closes.
Reviews, the ranking and the decision are in events/reviews.py.

Writes are atomic and keyword-only; a refusal raises HostingRefused with a message in the reader's
language, and nothing is half-written. Time is passed in (`now`).
"""

import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.events.access import organising_organisations
from partneratlas.events.models import Edition, HostApplication, HostCall, Series
from partneratlas.people.access import access_of
from partneratlas.people.models import Member, Organisation, OrganisationKind, Role
from partneratlas.questionnaires.models import Version
from partneratlas.questionnaires.selectors import current_version
from partneratlas.questionnaires.services import (
    Refused,
    definition_import,
    open_languages,
    response_lock,
    response_start,
    version_publish,
)

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
HOST_FORM = ("events-host-application", DEFINITIONS / "host-application-v1.json")

# The reviewers' criteria (code → label); a call keeps the ones it uses with their weights.
CRITERIA = {
    "venue": gettext_lazy("Venue and rooms"),
    "access": gettext_lazy("Accessibility and travel connections"),
    "motivation": gettext_lazy("Motivation"),
    "partners": gettext_lazy("Partners brought along"),
    "programme": gettext_lazy("Ideas for the programme"),
}
DEFAULT_WEIGHTS = {"venue": 2, "access": 1, "motivation": 2, "partners": 3, "programme": 1}
MAX_WEIGHT = 10


class HostingRefused(Exception):
    """A rule of the call for hosts forbids the write; the message says which, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def criterion_label(criterion: dict[str, Any]) -> str:
    """The criterion's name in the reader's language: ours for the shipped codes, else its stored names."""
    from partneratlas.i18n import pick

    code = criterion.get("code", "")
    return str(CRITERIA[code]) if code in CRITERIA else pick(criterion.get("names") or {}, code)


@transaction.atomic
def shipped_version(*, code: str, path: Path) -> Version:
    """The newest published version of a questionnaire we ship; the file imported and published the first time.

    The agency may change the questionnaire later in the engine's pages (a new version); that one is used then.
    Side effects: the questionnaire and its first version, when they do not exist yet.
    """
    version = current_version(code)
    if version is not None:
        return version
    draft = Version.objects.filter(questionnaire__code=code).order_by("-number").first()
    if draft is not None:  # the agency's own draft, not yet published: publish it when it is complete
        try:
            with transaction.atomic():
                return version_publish(version=draft)
        except Refused:
            pass
    return version_publish(version=definition_import(raw=path.read_bytes()))


# --- reads -----------------------------------------------------------------------------------------------


def calls_open(*, now: datetime.datetime) -> QuerySet[HostCall]:
    """The calls that take applications now, the soonest closing first."""
    return (HostCall.objects.filter(opens_at__lte=now, closes_at__gt=now, chosen__isnull=True)
            .select_related("series").order_by("closes_at", "pk"))


def calls_managed(user: Any) -> QuerySet[HostCall]:
    """The calls of the series the user organises (agency staff: all), newest year first, with their counts."""
    calls = HostCall.objects.select_related("series", "edition", "chosen__municipality").annotate(
        submitted=Count("applications", filter=~Q(applications__state__in=[HostApplication.State.DRAFT,
                                                                             HostApplication.State.WITHDRAWN])))
    if not access_of(user).staff:
        calls = calls.filter(series__organiser_id__in=organising_organisations(user))
    return calls.order_by("-year", "series__slug", "pk")


def series_organised(user: Any) -> QuerySet[Series]:
    series = Series.objects.all()
    if not access_of(user).staff:
        series = series.filter(organiser_id__in=organising_organisations(user))
    return series.order_by("slug")


def applicant_organisations(user: Any) -> list[Organisation]:
    """The municipal administrations in which the user may apply (as editor or admin)."""
    if user is None or not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality__isnull=False,
        members__user=user, members__role__in=[Role.EDITOR, Role.ADMIN]).select_related("municipality")
        .order_by("name", "pk").distinct())


def applications_of(user: Any, call: HostCall) -> list[HostApplication]:
    """The user's organisations' applications to the call."""
    orgs = [o.pk for o in applicant_organisations(user)]
    return list(call.applications.filter(organisation_id__in=orgs).select_related("organisation", "municipality",
                                                                                  "response"))


def applications_by(user: Any) -> list[HostApplication]:
    """Every application of the user's administrations, newest call first (their page lists them)."""
    orgs = [o.pk for o in applicant_organisations(user)]
    if not orgs:
        return []
    return list(HostApplication.objects.filter(organisation_id__in=orgs).select_related(
        "call__series", "municipality").order_by("-call__year", "-pk"))


def applies_for(user: Any, application: HostApplication) -> bool:
    """An editor or admin of the applying organisation: may answer, submit and withdraw."""
    return bool(user and user.is_authenticated) and Member.objects.filter(
        user=user, organisation_id=application.organisation_id, role__in=[Role.EDITOR, Role.ADMIN]).exists()


def is_open(call: HostCall, now: datetime.datetime) -> bool:
    return call.opens_at <= now < call.closes_at and call.chosen_id is None


# --- writes ----------------------------------------------------------------------------------------------


def _check_call(*, series: Series, year: int, opens_at: datetime.datetime, closes_at: datetime.datetime,
                edition: Edition | None, weights: dict[str, int]) -> list[dict[str, Any]]:
    if closes_at <= opens_at:
        raise HostingRefused(_("The call must close after it opens."))
    if not 2000 <= year <= 2100:
        raise HostingRefused(_("Enter the year of the edition, e.g. %(year)d.") % {"year": opens_at.year + 1})
    if edition is not None and edition.series_id != series.pk:
        raise HostingRefused(_("The edition must belong to the call's series."))
    unknown = set(weights) - set(CRITERIA)
    if unknown or any(not 0 <= w <= MAX_WEIGHT for w in weights.values()):
        raise HostingRefused(_("Each weight is a whole number from 0 to %(max)d.") % {"max": MAX_WEIGHT})
    criteria = [{"code": code, "weight": weights[code]} for code in CRITERIA if weights.get(code)]
    if not criteria:
        raise HostingRefused(_("At least one criterion needs a weight above 0."))
    return criteria


@transaction.atomic
def call_open(*, series: Series, year: int, opens_at: datetime.datetime, closes_at: datetime.datetime,
              weights: dict[str, int], edition: Edition | None = None, user: Any = None) -> HostCall:
    """A new call for hosts of the series' edition in `year`, with the shipped application form.

    Side effects: the application form's questionnaire is loaded and published the first time.
    Raises HostingRefused (bad dates or weights, a second call for the same series and year).
    """
    criteria = _check_call(series=series, year=year, opens_at=opens_at, closes_at=closes_at, edition=edition,
                           weights=weights)
    if HostCall.objects.filter(series=series, year=year).exists():
        raise HostingRefused(_("There is already a call for hosts of this series for %(year)d.") % {"year": year})
    form = shipped_version(code=HOST_FORM[0], path=HOST_FORM[1])
    try:
        with transaction.atomic():
            return HostCall.objects.create(series=series, year=year, edition=edition, form=form, opens_at=opens_at,
                                           closes_at=closes_at, criteria=criteria)
    except IntegrityError as exc:  # a twin request made it meanwhile
        raise HostingRefused(_("There is already a call for hosts of this series for %(year)d.")
                             % {"year": year}) from exc


@transaction.atomic
def call_change(*, call: HostCall, opens_at: datetime.datetime, closes_at: datetime.datetime,
                weights: dict[str, int], edition: Edition | None) -> HostCall:
    """Change a call's dates, weights and edition until it is decided. Raises HostingRefused."""
    call = HostCall.objects.select_for_update().get(pk=call.pk)
    if call.chosen_id is not None:
        raise HostingRefused(_("This call has been decided and can no longer change."))
    call.criteria = _check_call(series=call.series, year=call.year, opens_at=opens_at, closes_at=closes_at,
                                edition=edition, weights=weights)
    call.opens_at, call.closes_at, call.edition = opens_at, closes_at, edition
    call.save(update_fields=["criteria", "opens_at", "closes_at", "edition"])
    return call


@transaction.atomic
def application_start(*, call: HostCall, organisation: Organisation, user: Any, language: str,
                      now: datetime.datetime) -> HostApplication:
    """The organisation's application to the call, as a draft with its answers (the engine's response).

    An organisation applies once: a second start returns its existing application (a withdrawn one is
    reopened as a draft while the call is open). Side effects: the form's response is opened in
    `language` (else the form's first language). Raises HostingRefused outside the call's dates.
    """
    call = HostCall.objects.select_for_update(of=("self",)).select_related("form").get(pk=call.pk)
    if not is_open(call, now):
        raise HostingRefused(_("This call for hosts does not take applications now."))
    if organisation.kind != OrganisationKind.MUNICIPALITY or organisation.municipality_id is None:
        raise HostingRefused(_("Only a municipal administration can apply to host."))
    existing = HostApplication.objects.filter(call=call, organisation=organisation).first()
    if existing is not None:
        if existing.state == HostApplication.State.WITHDRAWN:
            raise HostingRefused(_("Your administration has withdrawn its application to this call."))
        return existing
    languages = open_languages(call.form)
    response = response_start(version=call.form, subject=f"events.host-application:{call.pk}:{organisation.pk}",
                              language=language if language in languages else languages[0], user=user, now=now)
    return HostApplication.objects.create(call=call, organisation=organisation,
                                          municipality_id=organisation.municipality_id, response=response,
                                          created_by=user if user and user.pk else None)


@transaction.atomic
def application_submitted(*, application: HostApplication, now: datetime.datetime) -> HostApplication:
    """Mark the application submitted once its answers have been (the engine's submit did the checking).

    Raises HostingRefused after the call closed (the answers stay as they are, unsubmitted).
    """
    application = HostApplication.objects.select_for_update(of=("self",)).select_related("call", "response").get(
        pk=application.pk)
    if application.state != HostApplication.State.DRAFT:
        return application
    if not is_open(application.call, now):
        raise HostingRefused(_("The call for hosts has closed: the application can no longer be submitted."))
    application.state, application.submitted_at = HostApplication.State.SUBMITTED, now
    application.save(update_fields=["state", "submitted_at"])
    return application


@transaction.atomic
def application_withdraw(*, application: HostApplication, now: datetime.datetime) -> HostApplication:
    """Withdraw a draft or submitted application before the decision. Side effects: its answers are locked."""
    application = HostApplication.objects.select_for_update(of=("self",)).select_related("call", "response").get(
        pk=application.pk)
    if application.state not in (HostApplication.State.DRAFT, HostApplication.State.SUBMITTED) or (
            application.call.chosen_id is not None):
        raise HostingRefused(_("This application can no longer be withdrawn."))
    application.state = HostApplication.State.WITHDRAWN
    application.save(update_fields=["state"])
    response_lock(response=application.response, now=now)
    return application
