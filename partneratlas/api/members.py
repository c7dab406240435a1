"""What the members' operations share: the partnership as the reader may see it, and private answers.

The rule is the pages' (people.access): a partnership the reader cannot see at all is not found
(404); one they see publicly but not privately is refused (403, recorded in the audit log) where
its private records are asked for; the public is asked to sign in first (401).
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from partneratlas.api.auth import Reader, sign_in_first
from partneratlas.api.rendering import json_response
from partneratlas.people.audit import deny
from partneratlas.registry.models import Partnership


@dataclass(frozen=True)
class Seen:
    partnership: Partnership
    members: list[int]
    private: bool  # the reader sees its private records


def seen(request: HttpRequest, reader: Reader, uid: str) -> Seen:
    """The partnership by its id, as the reader sees it; 404 when they cannot see it at all."""
    try:
        wanted = uuid.UUID(uid)
    except ValueError as exc:
        raise Http404(_("No partnership “%(id)s”.") % {"id": uid}) from exc
    found = Partnership.objects.filter(uid=wanted).first()
    members = list(found.memberships.values_list("municipality_id", flat=True)) if found else []
    if found is None or not reader.access.sees(members, found.published):
        raise Http404(_("No partnership “%(id)s”.") % {"id": uid})
    return Seen(found, members, reader.access.sees_private(members))


def private_only(request: HttpRequest, reader: Reader, uid: str, what: str) -> Seen:
    """The partnership, for a reader who sees its private records: 401 for the public, 403 for others."""
    if not reader.signed_in:
        raise sign_in_first()
    found = seen(request, reader, uid)
    if not found.private:
        raise deny(request, f"API: {what} of partnership {found.partnership.uid}")
    return found


def answer(data: Any, reader: Reader) -> HttpResponse:
    """JSON that is never kept by a shared cache when it was read with a person's rights."""
    response = json_response(data)
    response["Vary"] = "Authorization, Cookie, Accept-Language"
    if reader.signed_in:
        response["Cache-Control"] = "private, no-store"
    return response
