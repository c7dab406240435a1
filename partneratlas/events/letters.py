"""Invitation letters for visa applications (Einladungsschreiben für das Visum): request, decision, PDF, purge.

A participant (or whoever registered them: their delegation's registrant) asks for a letter with
the minimal passport data an embassy needs (name as in the passport, nationality, passport number,
date of birth); the data is stored encrypted (events.crypto). An organiser approves or refuses; the
approved letter is a bilingual PDF (German and the participant's language) with a verification
address (`/events/verify/<code>/`). Some days after the edition (EVENTS_PASSPORT_KEEP_DAYS) the
passport data is deleted by `passports_purge_due`, run daily by `partneratlas events daily`.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partneratlas.events import crypto
from partneratlas.events.messages import organisers_of
from partneratlas.events.models import ACTIVE_STATES, Registration, VisaLetter
from partneratlas.events.registering import link_token
from partneratlas.gazetteer.models import Country
from partneratlas.i18n import pick
from partneratlas.notifications.selectors import recipient_of, recipients_by_address
from partneratlas.notifications.services import notify
from partneratlas.pdf.render import render_pdf

PASSPORT_KEEP_DAYS = 7  # the default of settings.EVENTS_PASSPORT_KEEP_DAYS


class DocumentRefused(ValueError):
    """A request about a participant's document that cannot be met; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Passport:
    """The minimal passport data an invitation letter names."""

    name: str  # as written in the passport
    nationality: str  # ISO country code
    number: str
    born_on: datetime.date

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Passport":
        return cls(name=data["name"], nationality=data["nationality"], number=data["number"],
                   born_on=datetime.date.fromisoformat(data["born_on"]))

    def sealed(self) -> str:
        return crypto.seal({**asdict(self), "born_on": self.born_on.isoformat()})


def keep_days() -> int:
    return int(getattr(settings, "EVENTS_PASSPORT_KEEP_DAYS", PASSPORT_KEEP_DAYS))


def passport_of(letter: VisaLetter) -> Passport | None:
    """The letter's passport data, decrypted; None once deleted (or unreadable after a key change)."""
    if not letter.passport:
        return None
    try:
        return Passport.of(crypto.unseal(letter.passport))
    except (crypto.Unreadable, KeyError, ValueError):
        return None


def _check_passport(passport: Passport, now: datetime.datetime) -> None:
    if not (passport.name.strip() and passport.number.strip()):
        raise DocumentRefused(_("Please give the name as written in the passport and the passport number."))
    if not Country.objects.filter(code=passport.nationality).exists():
        raise DocumentRefused(_("Please choose the nationality from the list."))
    if not datetime.date(1900, 1, 1) <= passport.born_on < now.date():
        raise DocumentRefused(_("Please check the date of birth."))


@transaction.atomic
def letter_request(*, registration: Registration, passport: Passport, now: datetime.datetime) -> VisaLetter:
    """Ask for an invitation letter (again after a refusal; a pending request gets the new data).

    Side effects: the VisaLetter (passport data encrypted) in state "requested"; the registration is
    marked as needing a visa; one message to each organiser in their language (no passport data in it).
    Refused: an ended edition, an inactive registration, an issued letter.
    """
    registration = Registration.objects.select_for_update().select_related("edition").get(pk=registration.pk)
    if registration.state not in ACTIVE_STATES:
        raise DocumentRefused(_("Only an active registration can ask for an invitation letter."))
    if registration.edition.ends_at <= now:
        raise DocumentRefused(_("The event is over: invitation letters can no longer be requested."))
    _check_passport(passport, now)
    letter = VisaLetter.objects.filter(registration=registration).first()
    if letter is not None and letter.state == VisaLetter.State.APPROVED:
        raise DocumentRefused(_("The invitation letter has already been issued."))
    if letter is None:
        letter = VisaLetter(registration=registration)
    letter.state = VisaLetter.State.REQUESTED
    letter.passport = passport.sealed()
    letter.passport_deleted_at = None
    letter.requested_at = now
    letter.decided_at = None
    letter.decided_by = None
    letter.refusal_reason = ""
    letter.save()
    if not registration.visa_needed:
        Registration.objects.filter(pk=registration.pk).update(visa_needed=True)
    notify(event=f"events.visa:{letter.pk}:requested:{now.isoformat()}", recipients=organisers_of(registration.edition),
           template="events/documents/mail/visa_requested",
           context={"registration": registration, "edition": registration.edition})
    return letter


def _pending(letter: VisaLetter) -> VisaLetter:
    locked = VisaLetter.objects.select_for_update().select_related("registration__edition").get(pk=letter.pk)
    if locked.state != VisaLetter.State.REQUESTED:
        raise DocumentRefused(_("This request has already been decided."))
    return locked


@transaction.atomic
def letter_approve(*, letter: VisaLetter, user: Any, now: datetime.datetime) -> VisaLetter:
    """The organiser issues the letter. Side effects: state "approved" with who and when; one message to the
    participant and one to whoever registered them, each in their language. Refused: a registration that is not
    confirmed, passport data that is gone."""
    letter = _pending(letter)
    if letter.registration.state != "confirmed":
        raise DocumentRefused(_("The registration is not confirmed: confirm it before issuing a letter."))
    if passport_of(letter) is None:
        raise DocumentRefused(_("The passport data is missing: ask the participant to request the letter again."))
    letter.state, letter.decided_at, letter.decided_by = VisaLetter.State.APPROVED, now, user
    letter.save(update_fields=["state", "decided_at", "decided_by"])
    _tell(letter, f"events.visa:{letter.pk}:approved")
    return letter


@transaction.atomic
def letter_refuse(*, letter: VisaLetter, user: Any, reason: str, now: datetime.datetime) -> VisaLetter:
    """The organiser refuses the request with a reason. Side effects: state "refused"; the same two messages."""
    reason = " ".join(reason.split())
    if not reason:
        raise DocumentRefused(_("Please give a reason: the participant reads it."))
    letter = _pending(letter)
    letter.state, letter.decided_at, letter.decided_by = VisaLetter.State.REFUSED, now, user
    letter.refusal_reason = reason[:300]
    letter.save(update_fields=["state", "decided_at", "decided_by", "refusal_reason"])
    _tell(letter, f"events.visa:{letter.pk}:refused:{now.isoformat()}")
    return letter


def _tell(letter: VisaLetter, event: str) -> None:
    """The participant (with their personal link, else their account's page) and whoever registered them."""
    registration = letter.registration
    context = {"letter": letter, "registration": registration, "edition": registration.edition,
               "refused": letter.state == VisaLetter.State.REFUSED}
    token = link_token(registration) if registration.link_hash else ""
    notify(event=f"{event}:participant", recipients=recipients_by_address([registration.email],
                                                                           language=registration.language),
           template="events/documents/mail/visa_decided", context={**context, "token": token})
    others = [u for u in (registration.registered_by,
                          registration.delegation.registered_by if registration.delegation else None)
              if u is not None and u.email and u.email.lower() != registration.email.lower()]
    if others:
        notify(event=f"{event}:registrant", recipients=[recipient_of(u) for u in {u.pk: u for u in others}.values()],
               template="events/documents/mail/visa_decided", context={**context, "token": "", "for_other": True})


def verification_url(code: str) -> str:
    """The address printed on letters and certificates (German pages have no language prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse("events:verify", args=[code])


def document_language(language: str) -> str:
    """The site's language closest to a person's (zh → zh-hans); English when the site lacks it."""
    codes = [code for code, _name in settings.LANGUAGES]
    wanted = (language or "").lower().replace("_", "-")
    return wanted if wanted in codes else next((c for c in codes if c.split("-")[0] == wanted.split("-")[0]), "en")


def second_language(language: str) -> str | None:
    """The participant's language for the letter's second half; None when it is German (one half only)."""
    chosen = document_language(language)
    return None if chosen == settings.LANGUAGE_CODE else chosen


def letter_pdf(letter: VisaLetter) -> bytes:
    """The issued letter as PDF: German, then the participant's language. Refused without passport data."""
    passport = passport_of(letter)
    if letter.state != VisaLetter.State.APPROVED:
        raise DocumentRefused(_("This invitation letter has not been issued."))
    if passport is None:
        raise DocumentRefused(_("The passport data has been deleted after the event: the letter can no longer be "
                                "printed. Its verification address still confirms it."))
    registration = letter.registration
    edition = registration.edition
    nationality = Country.objects.filter(code=passport.nationality).first()
    halves = [settings.LANGUAGE_CODE, *filter(None, [second_language(registration.language)])]
    context = {"letter": letter, "registration": registration, "edition": edition, "passport": passport,
               "halves": [{"language": code, "nationality": pick(nationality.names, passport.nationality, code)
                           if nationality else passport.nationality,
                           "title": pick(edition.titles, edition.series.name, code) if edition.titles
                           else pick(edition.series.names, edition.series.slug, code),
                           "place": (pick(edition.place.localized_names, edition.place.name, code)
                                     if edition.place and edition.place.localized_names
                                     else (edition.place.name if edition.place else ""))}
                          for code in halves],
               "url": verification_url(letter.code)}
    return render_pdf(template="events/documents/letter_pdf.html", context=context, language=settings.LANGUAGE_CODE)


def letters_of(edition_id: int) -> QuerySet[VisaLetter]:
    """An edition's letters for its organisers, pending first."""
    return (VisaLetter.objects.filter(registration__edition_id=edition_id)
            .select_related("registration", "registration__delegation__municipality", "decided_by")
            .order_by("-state", "requested_at", "pk"))


def purge_due_letters(now: datetime.datetime) -> QuerySet[VisaLetter]:
    cutoff = now - datetime.timedelta(days=keep_days())
    return VisaLetter.objects.filter(registration__edition__ends_at__lt=cutoff).filter(
        ~Q(passport="") | Q(passport_deleted_at__isnull=True))


@transaction.atomic
def passports_purge_due(*, now: datetime.datetime) -> int:
    """Delete the passport data of every letter whose edition ended more than EVENTS_PASSPORT_KEEP_DAYS ago.

    Side effects: `passport` emptied and `passport_deleted_at` set; the letters themselves stay (their
    verification address keeps working). Returns how many letters lost their data now.
    """
    return purge_due_letters(now).update(passport="", passport_deleted_at=now)


def passports_purger(now: datetime.datetime, cutoff: datetime.datetime | None, dry_run: bool) -> int:
    """For partneratlas.retention (`upkeep purge`): the same rule as the daily run."""
    if dry_run:
        return purge_due_letters(now).count()
    return passports_purge_due(now=now)
