"""Invitations belong to the invited address: only its verified owner joins, and a newcomer joins once verified."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from partneratlas.people.models import AuditEvent, Invitation, Member, Organisation, OrganisationKind, Role
from partneratlas.people.tests.factories import PASSWORD, member, organisation, person
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def town() -> Organisation:
    town = organisation(OrganisationKind.MUNICIPALITY, WUPPERTAL)
    member(person("chef@wuppertal.de"), town, Role.ADMIN)
    return town


def invite(town: Organisation, email: str, captured: Any) -> Invitation:
    admin = Client()
    admin.force_login(User.objects.get(email="chef@wuppertal.de"))
    with captured(execute=True):
        assert admin.post(f"/en/people/organisations/{town.pk}/invite/", {"email": email, "role": "editor"}
                          ).status_code == 302
    return Invitation.objects.get(email=email.lower())


def test_an_account_with_another_address_cannot_accept(town: Organisation,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    invitation = invite(town, "neu@wuppertal.de", django_capture_on_commit_callbacks)
    stranger = Client()
    stranger.force_login(person("someone@else.de"))
    page = stranger.get(f"/en/people/invitations/{invitation.token}/")
    assert page.status_code == 403
    assert "This invitation was sent to another e-mail address" in page.content.decode()
    assert "Accept the invitation" not in page.content.decode()
    refused = stranger.post(f"/en/people/invitations/{invitation.token}/")
    assert refused.status_code == 403
    assert "This invitation was sent to another e-mail address" in refused.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Member.objects.filter(user__email="someone@else.de").exists()
    assert AuditEvent.objects.filter(kind="permission_denied", detail__contains="invitation").exists()


def test_an_account_whose_matching_address_is_unverified_is_asked_to_verify_first(
        town: Organisation, django_capture_on_commit_callbacks: Any) -> None:
    invitation = invite(town, "neu@wuppertal.de", django_capture_on_commit_callbacks)
    owner = person("privat@example.org")
    EmailAddress.objects.create(user=owner, email="neu@wuppertal.de", verified=False, primary=False)
    client = Client()
    client.force_login(owner)
    page = client.post(f"/en/people/invitations/{invitation.token}/").content.decode()
    assert "Please verify neu@wuppertal.de first" in page
    assert "/en/accounts/email/" in page
    assert Invitation.objects.get().accepted_at is None
    assert not Member.objects.filter(user=owner).exists()


def test_the_invited_verified_address_accepts(town: Organisation, django_capture_on_commit_callbacks: Any) -> None:
    invitation = invite(town, "Neu@Wuppertal.de", django_capture_on_commit_callbacks)
    newcomer = person("neu@wuppertal.de")
    client = Client()
    client.force_login(newcomer)
    assert "Accept the invitation" in client.get(f"/en/people/invitations/{invitation.token}/").content.decode()
    assert client.post(f"/en/people/invitations/{invitation.token}/")["Location"] == "/en/people/"
    assert Member.objects.get(user=newcomer).role == "editor"
    assert client.get(f"/en/people/invitations/{invitation.token}/").status_code == 404  # used once


def test_a_newcomer_who_signs_up_and_verifies_lands_in_the_organisation(
        town: Organisation, django_capture_on_commit_callbacks: Any) -> None:
    invitation = invite(town, "neu@wuppertal.de", django_capture_on_commit_callbacks)
    link = re.search(r"https?://\S+/people/invitations/\S+/", mail.outbox[-1].body)
    assert link is not None
    browser = Client()
    page = browser.get(urlsplit(link.group(0)).path).content.decode()
    signup = re.search(r'href="(/en/accounts/signup/\?next=[^"]+)"', page)
    assert signup is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(signup.group(1).replace("&amp;", "&"),
                                {"email": "neu@wuppertal.de", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert confirm is not None
    assert mail.outbox[-1].to == ["neu@wuppertal.de"]
    assert not Member.objects.filter(user__email="neu@wuppertal.de").exists()  # not before the address is proven
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(urlsplit(confirm.group(0)).path)
    newcomer = User.objects.get(email="neu@wuppertal.de")
    assert Member.objects.get(user=newcomer, organisation=town).role == "editor"
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
