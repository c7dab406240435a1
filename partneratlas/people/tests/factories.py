"""People for tests: accounts with verified e-mail, organisations, roles, a second factor."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import User

from partneratlas.gazetteer.models import Municipality
from partneratlas.people.models import Member, Organisation, OrganisationKind, Role

PASSWORD = "correct horse battery staple 42"


def person(email: str, *, superuser: bool = False, totp: bool = False) -> User:
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        with_totp(user)
    return user


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def organisation(kind: str, ref: str | None = None, name: str = "") -> Organisation:
    place = Municipality.objects.get(ref=ref) if ref else None
    return Organisation.objects.create(kind=kind, municipality=place,
                                       name=name or (f"Stadtverwaltung {place.name}" if place else kind))


def member(user: User, org: Organisation, role: str = Role.EDITOR) -> Member:
    return Member.objects.create(user=user, organisation=org, role=role)


def persona(email: str, kind: str | None, ref: str | None = None, role: str = Role.EDITOR, **extra: Any) -> User:
    """A person in an organisation of the kind (None: no organisation)."""
    user = person(email, totp=kind == OrganisationKind.AGENCY, **extra)
    if kind:
        member(user, organisation(kind, ref), role)
    return user
