"""Registering for an edition: individuals, delegations, approval, offers, cancelling (Anmeldung).

Every seat goes through the capacity piece: a registration holds one claim on its track's
pool, and `receivers.py` keeps `Registration.state` in step with the claim (and queues one
message per change) inside the same transaction. Nothing here counts seats itself.

The personal link (accept or decline an offer, change consent, cancel; no account needed):
the token is an HMAC of the registration with the site's secret key, and only its SHA-256 is
stored (`link_hash`), as in checkup/links.py. Because the server can make the token again, every
message carries the same working link; an emptied hash (`link_revoke`) stops it.
"""

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from partneratlas.capacity import errors as capacity_errors
from partneratlas.capacity import services as capacity
from partneratlas.capacity.models import Claim
from partneratlas.events.eligibility import outside_region
from partneratlas.events.models import ACTIVE_STATES, PARTNER, Delegation, Edition, Registration, Track
from partneratlas.gazetteer.models import Country, Municipality
from partneratlas.notifications.selectors import supported
from partneratlas.people.models import Organisation

SALT = "partneratlas.events.registration-link"
CONSENT = ("show_name", "show_organisation", "show_municipality", "show_photo")


class Refused(Exception):
    """A rule forbids the step; `message` says which, in the reader's language. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Person:
    """Who registers: the fields of a registration a person (or their municipality's editor) fills in."""

    name: str
    email: str
    language: str
    organisation_name: str = ""
    municipality: Municipality | None = None
    country: Country | None = None
    partner_delegate: bool = False
    visa_needed: bool = False
    show_name: bool = False
    show_organisation: bool = False
    show_municipality: bool = False
    show_photo: bool = False


def asdict_shallow(person: Person) -> dict[str, Any]:
    """The person's fields as they are (model objects stay objects, unlike dataclasses.asdict)."""
    return {f.name: getattr(person, f.name) for f in fields(person)}


# --- the personal link ---------------------------------------------------------------------------------------

def link_token(registration: Registration) -> str:
    """The registration's personal link token (the same every time; only its hash is stored)."""
    mac = salted_hmac(SALT, f"{registration.pk}:{registration.email}:{registration.created_at.isoformat()}",
                      algorithm="sha256").hexdigest()[:40]
    return f"{registration.pk}-{mac}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def registration_of_link(token: str) -> Registration | None:
    """The registration a link opens, or None (tampered, unknown or revoked)."""
    head, _sep, _mac = token.partition("-")
    if len(token) > 100 or not (head.isascii() and head.isdigit()) or len(head) > 18:  # "²" is a digit to isdigit()
        return None
    registration = (Registration.objects.select_related("edition__series", "track__pool", "claim", "delegation")
                    .filter(pk=int(head)).first())
    if registration is None or not registration.link_hash:
        return None
    if not secrets.compare_digest(registration.link_hash, token_hash(token)):
        return None
    return registration


@transaction.atomic
def link_revoke(*, registration: Registration) -> None:
    """The personal link stops working at once (the organiser's step when a link was forwarded by mistake)."""
    Registration.objects.filter(pk=registration.pk).update(link_hash="")
    registration.link_hash = ""


# --- registering ---------------------------------------------------------------------------------------------

def is_open(edition: Edition, now: datetime.datetime) -> bool:
    """Registration is open: the edition is published, the window has begun and not ended (default: its start)."""
    if edition.state != Edition.State.PUBLISHED:
        return False
    if edition.registration_opens and now < edition.registration_opens:
        return False
    return now < (edition.registration_closes or edition.starts_at)


def _check_open(edition: Edition, track: Track, now: datetime.datetime) -> None:
    if track.edition_id != edition.pk:
        raise Refused(_("This track belongs to another event."))
    if edition.state == Edition.State.CANCELLED:
        raise Refused(_("This event has been cancelled."))
    if not is_open(edition, now):
        raise Refused(_("Registration for this event is not open."))


def _clean(person: Person, edition: Edition) -> Person:
    name, email = " ".join(person.name.split()), person.email.strip().lower()
    if not name:
        raise Refused(_("Please enter the name."))
    if "@" not in email or len(email) > 254:
        raise Refused(_("Please enter a valid e-mail address."))
    if person.partner_delegate and edition.partner_regions_only and person.country is None:
        raise Refused(_("Please name the country of the partner delegate: this conference admits partner "
                        "delegates from the countries of its region."))
    return replace(person, name=name[:200], email=email, language=supported(person.language),
                   organisation_name=person.organisation_name.strip()[:200])


def _create(*, edition: Edition, track: Track, person: Person, user: Any, registered_by: Any,
            delegation: Delegation | None, now: datetime.datetime) -> Registration:
    outside = person.partner_delegate and outside_region(edition, person.country, on=now.date())
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                edition=edition, track=track, state=Claim.State.REQUESTED,
                delegation=delegation, user=user, registered_by=registered_by, outside_region=outside,
                **asdict_shallow(person))
    except IntegrityError as exc:
        raise Refused(_("%(email)s is already registered for this event.") % {"email": person.email}) from exc
    registration.link_hash = token_hash(link_token(registration))
    Registration.objects.filter(pk=registration.pk).update(link_hash=registration.link_hash)
    try:
        claim = capacity.claim_request(pool=track.pool, holder=registration.holder,
                                       category=PARTNER if person.partner_delegate else "",
                                       approval=edition.needs_approval or outside, now=now)
    except capacity_errors.CapacityError as exc:
        raise Refused(exc.message) from exc
    registration.claim, registration.state = claim, claim.state
    Registration.objects.filter(pk=registration.pk).update(claim=claim, state=claim.state)
    return registration


def registration_create(*, edition: Edition, track: Track, person: Person, user: Any = None,
                        registered_by: Any = None, now: datetime.datetime) -> Registration:
    """Register one person for a track of the edition.

    The claim on the track's pool decides: confirmed (a seat that fits), waiting, or requested
    (the edition needs approval, or a partner delegate comes from outside the region's ODA list:
    flagged `outside_region` and left to the organiser). Side effects: a Registration and its
    claim in one transaction; through the receiver, one message to the person in their language
    (and one to the organisers when approval is needed). Raises Refused (nothing written) when
    registration is closed, the input is bad, or the address is already registered.
    """
    with transaction.atomic():
        person = _clean(person, edition)
        _check_open(edition, track, now)
        return _create(edition=edition, track=track, person=person, user=user,
                       registered_by=registered_by or user, delegation=None, now=now)


def delegation_create(*, edition: Edition, municipality: Municipality, organisation: Organisation | None,
                      registered_by: Any, delegates: Sequence[tuple[Track, Person]], note: str = "",
                      now: datetime.datetime) -> Delegation:
    """A municipality's delegation: its own staff and its partners from abroad, all or none.

    Each delegate gets their own registration, claim, language, consent and visa need; partner
    delegates claim in the PARTNER category (the track's reserved seats). Side effects: the
    Delegation, one Registration and claim per delegate, one message per delegate in their
    language. Raises Refused and writes nothing when any delegate is refused.
    """
    if not delegates:
        raise Refused(_("Please add at least one delegate."))
    emails = [p.email.strip().lower() for _t, p in delegates]
    if len(set(emails)) != len(emails):
        raise Refused(_("Each delegate needs their own e-mail address."))
    with transaction.atomic():
        delegation = Delegation.objects.create(edition=edition, municipality=municipality, organisation=organisation,
                                               registered_by=registered_by, note=note.strip())
        for number, (track, person) in enumerate(delegates, start=1):
            try:
                person = _clean(person, edition)
                _check_open(edition, track, now)
                _create(edition=edition, track=track, person=person, user=None, registered_by=registered_by,
                        delegation=delegation, now=now)
            except Refused as exc:
                raise Refused(_("Delegate %(number)s: %(reason)s") % {"number": number, "reason": exc.message}) from exc
    return delegation


# --- the organiser's and the person's steps ------------------------------------------------------------------

def _step(call: Any, registration: Registration, now: datetime.datetime, **extra: Any) -> Registration:
    if registration.claim is None:
        raise Refused(_("This registration has no seat request."))
    try:
        call(claim=registration.claim, now=now, **extra)
    except capacity_errors.CapacityError as exc:
        raise Refused(exc.message) from exc
    registration.state = registration.claim.state  # the capacity step updated the claim object; the receiver
    return registration  # wrote the same state to the row (no read after the commit)


def registration_approve(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The organiser admits a requested registration: confirmed if a seat fits, else waiting.

    Side effects: the claim's change and, through the receiver, one message to the person.
    """
    return _step(capacity.claim_approve, registration, now)


def registration_reject(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The organiser refuses a requested or waiting registration. Side effects: one message to the person."""
    return _step(capacity.claim_reject, registration, now)


def registration_cancel(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The person (by link or account), their delegation's editor or the organiser cancels.

    The seat is free at once and offered to the next person waiting who fits. Side effects: one
    message to the person (and one to whoever is offered the seat).
    """
    return _step(capacity.claim_cancel, registration, now)


def offer_accept(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The person takes the offered seat. Past its time the offer has expired (and moved on): Refused.

    Not wrapped in a transaction of its own: the capacity piece commits the expiry before it
    refuses, and an outer transaction would roll that back.
    """
    return _step(capacity.claim_accept, registration, now)


def offer_decline(*, registration: Registration, now: datetime.datetime) -> Registration:
    """The person does not want the offered seat; it goes to the next one waiting."""
    return _step(capacity.claim_decline, registration, now)


@transaction.atomic
def registration_change(*, registration: Registration, language: str, consent: dict[str, bool],
                        visa_needed: bool | None = None, photo: Any = None,
                        remove_photo: bool = False) -> Registration:
    """The person changes their language, what the participant list may show, their visa need or photo.

    The participant list reads these choices each time, so withdrawn consent hides at once.
    `photo` is an upload already checked (forms_registration.ChangeForm). Side effects: the
    registration's fields; a replaced or removed photo's file is deleted after the commit.
    """
    fields = ["language", "updated_at"]
    registration.language = supported(language)
    for key in CONSENT:
        setattr(registration, key, bool(consent.get(key, False)))
        fields.append(key)
    if visa_needed is not None:
        registration.visa_needed = visa_needed
        fields.append("visa_needed")
    if (photo is not None or remove_photo) and registration.photo:
        old = registration.photo
        transaction.on_commit(lambda: old.storage.delete(old.name))
        registration.photo = None
        fields.append("photo")
    if photo is not None:
        registration.photo.save(f"{secrets.token_hex(8)}.{photo.name.rsplit('.', 1)[-1].lower()[:5]}", photo,
                                save=False)
        fields.append("photo")
    registration.save(update_fields=list(dict.fromkeys(fields)))
    return registration


@transaction.atomic
def answers_start(*, registration: Registration, now: datetime.datetime) -> Any:
    """The registration's answers to the edition's questions (dietary needs, workshop choice …), started once.

    The questionnaire engine's response is opened in the person's language when the questions
    exist in it, else in the first language they exist in. Side effects: a Response, linked to
    the registration. Raises Refused when the edition asks nothing.
    """
    from partneratlas.questionnaires.services import Refused as NotAnswerable
    from partneratlas.questionnaires.services import open_languages, response_start

    registration = (Registration.objects.select_for_update(of=("self",))
                    .select_related("edition__questions", "answers").get(pk=registration.pk))
    if registration.answers is not None:
        return registration.answers
    version = registration.edition.questions
    languages = open_languages(version) if version is not None else []
    if version is None or not languages:
        raise Refused(_("This event asks no questions."))
    language = registration.language if registration.language in languages else languages[0]
    try:
        response = response_start(version=version, subject=registration.holder, language=language,
                                  user=registration.user, now=now)
    except NotAnswerable as exc:
        raise Refused(exc.message) from exc
    registration.answers = response
    registration.save(update_fields=["answers", "updated_at"])
    return response


# --- reads other parts use -----------------------------------------------------------------------------------

def attendees(edition: Edition) -> Any:
    """The registrations of people who were checked in (documents: certificates, badges)."""
    return (Registration.objects.filter(edition=edition, attended_at__isnull=False)
            .select_related("track", "municipality").order_by("name", "pk"))


def my_registration(user: Any, edition: Edition) -> Registration | None:
    """The user's active (else latest) registration for the edition, by account or by address."""
    if user is None or not user.is_authenticated:
        return None
    mine = Registration.objects.filter(edition=edition).select_related("track", "claim")
    found = (mine.filter(user=user).order_by("-created_at").first()
             or mine.filter(email=(user.email or "-").lower(), state__in=ACTIVE_STATES).first())
    return found
