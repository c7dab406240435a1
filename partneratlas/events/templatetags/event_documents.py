"""{% documents_for edition as docs %}: the signed-in user's registrations with documents, and pending letters."""

from typing import Any

from django import template
from django.db.models import Q

from partneratlas.events.access import organises
from partneratlas.events.models import ACTIVE_STATES, Edition, Registration, VisaLetter

register = template.Library()


@register.simple_tag(takes_context=True)
def documents_for(context: template.Context, edition: Edition) -> dict[str, Any]:
    """The registrations the user may open the documents of (their own, or whom they registered); for organisers
    the number of letter requests waiting for a decision."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"registrations": [], "pending": 0}
    mine = list(Registration.objects.filter(edition=edition).filter(
        Q(user=user) | Q(registered_by=user) | Q(delegation__registered_by=user))
        .filter(Q(state__in=ACTIVE_STATES) | Q(attended_at__isnull=False)).order_by("name", "pk")[:50])
    pending = (VisaLetter.objects.filter(registration__edition=edition, state=VisaLetter.State.REQUESTED).count()
               if organises(user, edition) else 0)
    return {"registrations": mine, "pending": pending}
