"""GET /api/v1/partnerships/{uid}/activities: a partnership's activity log, as the activities app shows it.

The public reads the public activities of a published partnership and their files that may be
shown (a photo only with consent); the members' administrations and the agency read all. Files
are described, never sent; contact persons are never in the API (as in the CSV).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from partneratlas.activities import selectors
from partneratlas.activities.models import ACTOR_KINDS, Activity
from partneratlas.api.auth import READERS, SECURITY_ANYONE, reader_of
from partneratlas.api.member_schemas import ActivityPage
from partneratlas.api.members import answer, seen
from partneratlas.api.paging import PageParams, page
from partneratlas.api.schemas import ErrorOut
from partneratlas.i18n import language_name

router = Router()


def _out(request: HttpRequest, a: Activity) -> dict[str, Any]:
    kinds = dict(ACTOR_KINDS)
    return {
        "id": a.pk, "kind": a.kind.code, "kind_label": a.kind.name, "date": a.date, "end_date": a.end_date,
        "direction": a.direction or None, "direction_label": a.direction_label or None,  # type: ignore[attr-defined]
        "title": a.title, "note": a.note, "text_language": a.language,
        "side": {"id": a.side_id, "name": a.side_name},  # type: ignore[attr-defined]
        "participants": [{"municipality": int(m) if str(m).isdigit() else None, "name": str(name), "count": n}
                         for m, (name, n) in zip(a.participants, a.counts, strict=True)],  # type: ignore[attr-defined]
        "youth": a.youth, "young_people": a.young_people,
        "languages": [{"code": code, "label": language_name(code)} for code in a.languages],
        "actors": [{"name": actor.name or None, "kind": actor.kind,
                    "kind_label": str(kinds.get(actor.kind, actor.kind))} for actor in a.actors.all()],
        "visibility": a.visibility, "visibility_label": a.get_visibility_display(),
        "files": [{"id": f.pk, "name": f.name, "media": f.media, "content_type": f.content_type, "size": f.size,
                   "caption": f.caption, "credit": f.credit, "licence": f.licence,
                   "public": a.public and f.public_ok,
                   "url": request.build_absolute_uri(reverse("activities:file", args=[f.pk]))}
                  for f in a.attachments.all()],
        "updated_at": a.updated_at,
    }


@router.get("/{uid}/activities", response={200: ActivityPage, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="Activities of a partnership", auth=READERS, openapi_extra=SECURITY_ANYONE)
def list_activities(request: HttpRequest, uid: str, paging: Query[PageParams]) -> HttpResponse:
    """Newest first; the public ones for the public, all for the members' administrations and the agency."""
    reader = reader_of(request)
    found = seen(request, reader, uid)
    count, items = selectors.activities_page(partnership_id=found.partnership.pk, private=found.private,
                                             offset=paging.offset, limit=paging.limit)
    return answer(page(request, paging, count, [_out(request, a) for a in items]), reader)
