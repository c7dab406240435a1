"""The edition page's record block (events/after/_edition_record.html): the archive and the feedback survey."""

from typing import Any

from django import template
from django.utils import timezone

from partneratlas.events import archive, feedback
from partneratlas.events.models import Edition, EditionFile, Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_record(context: Any, edition: Edition, organiser: bool = False) -> dict[str, Any]:
    """What the reader may see of the edition's record: files by kind, attendance, the feedback links."""
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    files = list(archive.files_for(user, edition, organiser=bool(organiser)))
    groups = [(label, [f for f in files if f.kind == kind]) for kind, label in EditionFile.Kind.choices]
    started = edition.starts_at <= now
    attendee = feedback.attendee_of(user, edition) if started and edition.feedback_id else None
    answered = feedback.response_of(attendee) if attendee else None
    return {
        "shown": bool(files) or started or organiser,
        "groups": [(label, items) for label, items in groups if items],
        "ended": edition.ends_at <= now,
        "attended": Registration.objects.filter(edition=edition, attended_at__isnull=False).count()
        if edition.ends_at <= now else None,
        "feedback_open": attendee is not None and feedback.is_open(edition, now),
        "feedback_done": answered is not None and answered.submitted_at is not None,
    }
