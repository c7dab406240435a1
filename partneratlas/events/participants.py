"""The participant list with consent: per edition hidden / shown to participants / public, per person what they allow.

The list is read from each registration's own choices every time it is shown, so it never
shows more than the person allows, also right after they changed their registration. Only
confirmed participants are listed; a field a person did not allow is never put in a row (not
merely hidden in the page), and people who allow nothing are only counted.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from partneratlas.events.access import organises
from partneratlas.events.models import Edition, ListVisibility, Registration

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Row:
    name: str = ""
    organisation: str = ""
    municipality: str = ""
    photo_url: str = ""


def may_see(user: Any, edition: Edition, *, by_link: Registration | None = None) -> bool:
    """Public lists for everyone; a participants' list for confirmed participants (account or link) and organisers."""
    if edition.participant_list == ListVisibility.PUBLIC or organises(user, edition):
        return True
    if edition.participant_list != ListVisibility.PARTICIPANTS:
        return False
    if by_link is not None:
        return by_link.edition_id == edition.pk and by_link.state == CONFIRMED
    if user is None or not user.is_authenticated:
        return False
    return Registration.objects.filter(edition=edition, state=CONFIRMED, user=user).exists() or (
        bool(user.email) and Registration.objects.filter(edition=edition, state=CONFIRMED,
                                                         email=user.email.lower()).exists())


def row_of(registration: Registration) -> Row:
    """What the person allows to be shown, and nothing else."""
    municipality = registration.municipality.display_name if (
        registration.show_municipality and registration.municipality) else ""
    return Row(name=registration.name if registration.show_name else "",
               organisation=registration.organisation_name if registration.show_organisation else "",
               municipality=municipality,
               photo_url=reverse("events:participant-photo", args=[registration.edition_id, registration.pk])
               if registration.show_photo and registration.photo else "")


def participant_list(edition: Edition) -> tuple[list[Row], int]:
    """The rows of the confirmed participants who allow something to be shown, and how many allow nothing."""
    rows, unlisted = [], 0
    for registration in (Registration.objects.filter(edition=edition, state=CONFIRMED)
                         .select_related("municipality").order_by("name", "pk")):
        row = row_of(registration)
        if row == Row():
            unlisted += 1
        else:
            rows.append(row)
    return rows, unlisted
