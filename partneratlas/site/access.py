"""Who may open a page: the person's rights (people.access) checked once, refusals recorded."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from partneratlas.people.access import Access, access_of
from partneratlas.people.audit import deny

View = Callable[..., HttpResponse]


def access_required(rule: Callable[[Access], bool], detail: str) -> Callable[[View], View]:
    """A signed-in person whose rights pass `rule`; anyone else is sent to sign in, or refused (403, audit log)."""
    def decorate(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rule(access_of(request.user)):
                raise deny(request, detail)
            return view(request, *args, **kwargs)
        return login_required(checked)
    return decorate


def is_editor(access: Access) -> bool:
    return access.editor


def is_staff(access: Access) -> bool:
    return access.staff


def edits_a_municipality(access: Access) -> bool:
    """Agency staff, or an editor of a municipality's own administration (not only a partner side)."""
    return access.staff or (access.editor and bool(access.own))
