"""Who organises an event: agency staff, the editors of the series' organiser, and of the edition's host.

Everyone else sees published editions; participants see what their registration and the
participant list's consent allow (events.participants).
"""

from typing import Any

from partneratlas.events.models import Edition, Series
from partneratlas.people.access import access_of
from partneratlas.people.models import Member, Role

_EDITING = (Role.EDITOR, Role.ADMIN)


def organising_organisations(user: Any) -> set[int]:
    """The organisations in which the user may organise (edit) events; memoised on the user object."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_partneratlas_event_orgs", None)
    if cached is None:
        cached = set(Member.objects.filter(user=user, role__in=_EDITING).values_list("organisation_id", flat=True))
        user._partneratlas_event_orgs = cached
    return cached


def organises_series(user: Any, series: Series) -> bool:
    return access_of(user).staff or series.organiser_id in organising_organisations(user)


def organises(user: Any, edition: Edition) -> bool:
    """May change the edition, see its registrations, approve, check in, issue documents."""
    if access_of(user).staff:
        return True
    orgs = organising_organisations(user)
    return edition.series.organiser_id in orgs or (edition.host_organisation_id is not None
                                                     and edition.host_organisation_id in orgs)


def sees_edition(user: Any, edition: Edition) -> bool:
    """Published and cancelled editions are public; drafts only for their organisers."""
    return edition.state != Edition.State.DRAFT or organises(user, edition)
