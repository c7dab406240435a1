"""Who may see and change what. Every page, API call and export asks here.

- The public sees published partnerships and nothing personal.
- A municipal administration's members see everything about the partnerships their
  municipality is a member of; its editors and admins change them.
- A partner municipality's administration sees the same, and its editors change their
  own side (its actors and contact persons).
- Agency staff (editors and admins of an agency organisation) and site admins see and
  curate everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from partneratlas.people.models import Member, OrganisationKind, Role

Scope = Literal["all", "side"]
_EDITING = {Role.EDITOR, Role.ADMIN}


@dataclass(frozen=True)
class Access:
    authenticated: bool = False
    staff: bool = False  # agency staff or site admin
    superuser: bool = False
    own: frozenset[int] = frozenset()  # municipalities whose partnerships the user edits
    own_view: frozenset[int] = frozenset()  # … and whose non-public data the user sees
    side: frozenset[int] = frozenset()  # partner municipalities whose side the user edits
    side_view: frozenset[int] = frozenset()
    administers: frozenset[int] = frozenset()  # organisations the user manages (invitations, roles)

    def sees_private(self, member_ids: Iterable[int]) -> bool:
        """Contact persons, internal notes, unpublished records, history."""
        return self.staff or bool(set(member_ids) & (self.own_view | self.side_view))

    def sees(self, member_ids: Iterable[int], published: bool) -> bool:
        return published or self.sees_private(member_ids)

    def edit_scope(self, member_ids: Iterable[int]) -> Scope | None:
        """"all" (every field), "side" (the user's side: actors and contacts) or None."""
        ids = set(member_ids)
        if self.staff or ids & self.own:
            return "all"
        if ids & self.side:
            return "side"
        return None

    def sides(self, member_ids: Iterable[int]) -> set[int]:
        """The members whose actors and contacts the user may change."""
        ids = set(member_ids)
        return ids if self.edit_scope(ids) == "all" else ids & self.side

    @property
    def editor(self) -> bool:
        """May edit something (sees the editing pages at all)."""
        return self.staff or bool(self.own or self.side)


ANONYMOUS = Access()


def access_of(user: Any) -> Access:
    """The user's rights, read once per request (memoised on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_partneratlas_access", None)
    if cached is not None:
        return cached
    own, own_view, side, side_view, administers = set(), set(), set(), set(), set()
    staff = user.is_superuser
    for kind, municipality, role, organisation in Member.objects.filter(user=user).values_list(
            "organisation__kind", "organisation__municipality_id", "role", "organisation_id"):
        if role == Role.ADMIN:
            administers.add(organisation)
        if kind == OrganisationKind.AGENCY and role in _EDITING:
            staff = True
        elif kind == OrganisationKind.MUNICIPALITY and municipality:
            own_view.add(municipality)
            if role in _EDITING:
                own.add(municipality)
        elif kind == OrganisationKind.PARTNER_MUNICIPALITY and municipality:
            side_view.add(municipality)
            if role in _EDITING:
                side.add(municipality)
    result = Access(True, staff, user.is_superuser, frozenset(own), frozenset(own_view), frozenset(side),
                    frozenset(side_view), frozenset(administers))
    user._partneratlas_access = result
    return result
