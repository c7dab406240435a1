"""`{% registration_box edition request as box %}`: what the edition page's registration box shows to this reader."""

from dataclasses import dataclass, field
from typing import Any

from django import template
from django.utils import timezone

from partneratlas.capacity.selectors import availability
from partneratlas.events import participants, registering
from partneratlas.events.models import ACTIVE_STATES, Edition, Registration
from partneratlas.i18n import language_name
from partneratlas.people.access import access_of

register = template.Library()


@dataclass
class TrackSeats:
    name: str
    free: int


@dataclass
class Box:
    open: bool
    mine: Registration | None = None
    token: str = ""
    delegates: bool = False
    list_visible: bool = False
    tracks: list[TrackSeats] = field(default_factory=list)


@register.simple_tag
def registration_box(edition: Edition, request: Any) -> Box:
    user = request.user
    box = Box(open=registering.is_open(edition, timezone.now()))
    mine = registering.my_registration(user, edition)
    if mine is not None and mine.state in ACTIVE_STATES:
        box.mine, box.token = mine, registering.link_token(mine)
    box.delegates = bool(access_of(user).own)
    box.list_visible = participants.may_see(user, edition)
    if box.open and box.mine is None:
        box.tracks = [TrackSeats(t.name, availability(t.pool).free_for("")) for t in
                      edition.tracks.select_related("pool")]
    return box


@register.filter
def language(code: str) -> str:
    """"zh-hans" → "Chinesisch (vereinfacht)" in a German page: a person's language by its name, not its code."""
    return language_name(code) if code else ""
