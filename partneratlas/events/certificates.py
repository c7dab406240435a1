"""Certificates of attendance (Teilnahmebescheinigungen): only for people who were checked in.

A certificate is issued once per registration (its verification code stays the same), in the
person's language, naming the edition, its dates and place, and the track. The participant
downloads it from their documents page (account) or through their personal link; organisers
issue and download them from the edition's documents page.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partneratlas.events.letters import DocumentRefused, document_language, verification_url
from partneratlas.events.models import Certificate, Edition, Registration
from partneratlas.events.registering import attendees
from partneratlas.i18n import pick
from partneratlas.pdf.render import render_pdf


def attended(registration: Registration) -> bool:
    return registration.attended_at is not None and registration.state == "confirmed"


@transaction.atomic
def certificate_issue(*, registration: Registration, now: datetime.datetime) -> Certificate:
    """The registration's certificate, issued now if it has none yet.

    Side effects: a Certificate (with its verification code) on first issue. Refused for anyone not checked in.
    """
    if not attended(registration):
        raise DocumentRefused(_("Certificates of attendance are issued only to people who were checked in."))
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Certificate.objects.create(registration=registration, issued_at=now)
    except IntegrityError:  # issued meanwhile by a twin request
        return Certificate.objects.get(registration=registration)


@transaction.atomic
def certificates_issue_all(*, edition: Edition, now: datetime.datetime) -> int:
    """Issue a certificate to every attendee who has none. Side effects: Certificates. Returns how many."""
    missing = Registration.objects.filter(edition=edition, state="confirmed", attended_at__isnull=False,
                                          certificate__isnull=True)
    made = Certificate.objects.bulk_create([Certificate(registration=r, issued_at=now) for r in missing],
                                           ignore_conflicts=True)
    return len(made)


def attendees_of(edition: Edition) -> QuerySet[Registration]:
    """The edition's checked-in registrations with their certificates, by name (for the organisers' page)."""
    return attendees(edition).filter(state="confirmed").select_related("certificate")


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate in the person's language, with the track and the verification address."""
    registration = certificate.registration
    edition = registration.edition
    language = document_language(registration.language)
    track = registration.track
    several = edition.tracks.count() > 1
    context = {
        "certificate": certificate, "registration": registration, "edition": edition,
        "title": pick(edition.titles, "", language) or pick(edition.series.names, edition.series.slug, language),
        "series": pick(edition.series.names, edition.series.slug, language),
        "track": pick(track.names, "", language) if (track.names or several) else "",
        "place": (pick(edition.place.localized_names, edition.place.name, language) if edition.place
                  and edition.place.localized_names else (edition.place.name if edition.place else "")),
        "url": verification_url(certificate.code),
    }
    return render_pdf(template="events/documents/certificate_pdf.html", context=context, language=language)
