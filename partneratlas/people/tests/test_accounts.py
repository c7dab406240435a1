import datetime
import json
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.test import Client
from django.utils import timezone

from partneratlas.history.models import Revision
from partneratlas.people.models import AuditEvent, AuditKind, Invitation, Member, OrganisationKind, Role
from partneratlas.people.tests.factories import PASSWORD, member, organisation, person, persona, with_totp
from partneratlas.registry.tests.factories import WUPPERTAL, partnership

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return client.post("/en/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_renews_the_session_and_logout_ends_it(client: Client) -> None:
    person("anna@wuppertal.de")
    client.get("/en/accounts/login/")
    before = client.session.session_key
    assert login(client, "anna@wuppertal.de").status_code == 302
    assert signed_in(client)
    assert client.session.session_key != before
    client.post("/en/accounts/logout/")
    assert not signed_in(client)
    assert list(AuditEvent.objects.order_by("id").values_list("kind", flat=True)) == ["login", "logout"]


def test_lockout_by_user_name_and_ip_with_cool_off(client: Client, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    person("anna@wuppertal.de")
    for _attempt in range(3):
        assert "not correct" in login(client, "anna@wuppertal.de", "wrong").content.decode()
    refused = login(client, "anna@wuppertal.de").content.decode()  # the right password, but locked
    assert "Too many failed attempts" in refused
    assert not signed_in(client)
    # A colleague behind the same town-hall address is not locked out, nor is Anna elsewhere
    person("ben@wuppertal.de")
    assert login(Client(), "ben@wuppertal.de").status_code == 302
    assert login(Client(), "anna@wuppertal.de", ip="10.9.9.9").status_code == 302
    # After the cool-off Anna may try again from the town hall
    AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).update(
        at=timezone.now() - datetime.timedelta(seconds=settings.LOGIN_COOLOFF_SECONDS + 1))
    assert login(client, "anna@wuppertal.de").status_code == 302
    assert signed_in(client)
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert kinds.count("login_failed") == 3
    assert kinds.count("login_locked") == 1


def test_the_admin_signs_in_through_the_locked_account_pages(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


def test_staff_must_set_up_two_factor_and_then_log_in_with_it(client: Client) -> None:
    staff = persona("kim@agency.de", OrganisationKind.AGENCY)
    staff.authenticator_set.all().delete()
    client.force_login(staff)
    assert client.get("/en/edit/")["Location"] == "/en/accounts/2fa/totp/activate/"
    client.logout()
    secret = with_totp(staff)
    response = login(client, "kim@agency.de")
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not signed_in(client)
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    assert client.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert signed_in(client)
    assert client.get("/en/edit/").status_code == 200


def test_invitation_by_e_mail(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    admin = person("chef@wuppertal.de")
    town = organisation(OrganisationKind.MUNICIPALITY, WUPPERTAL)
    member(admin, town, Role.ADMIN)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after the commit
        assert client.post(f"/en/people/organisations/{town.pk}/invite/",
                           {"email": "Neu@Wuppertal.de", "role": "editor"}).status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "neu@wuppertal.de"
    assert invitation.token in mail.outbox[0].body
    newcomer = person("neu@wuppertal.de")
    other = Client()
    other.force_login(newcomer)
    assert other.get(f"/en/people/invitations/{invitation.token}/").status_code == 200
    other.post(f"/en/people/invitations/{invitation.token}/")
    assert Member.objects.get(user=newcomer).role == "editor"
    assert other.get(f"/en/people/invitations/{invitation.token}/").status_code == 404  # used once
    assert AuditEvent.objects.filter(kind="role_changed", detail__contains="neu joined editor").exists()


def test_only_an_organisation_admin_invites(client: Client) -> None:
    editor = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL, Role.EDITOR)
    client.force_login(editor)
    town = editor.memberships.get().organisation
    assert client.post(f"/en/people/organisations/{town.pk}/invite/", {"email": "x@y.de", "role": "admin"}
                       ).status_code == 403
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(kind="permission_denied").exists()


def test_gdpr_download_and_deletion_anonymises_history(client: Client) -> None:
    editor = persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL)
    p = partnership(WUPPERTAL, "gn:1812545")
    Revision.objects.filter(kind="partnership", object_id=p.pk).update(user=editor, author="")
    client.force_login(editor)
    data = json.loads(client.get("/en/people/my-data.json").content)
    assert data["account"]["email"] == "ed@wuppertal.de"
    assert data["memberships"][0]["role"] == "editor"
    assert len(data["changes"]) == 1
    assert client.post("/en/people/delete/", {"confirm": "someone@else.de"}).status_code == 200  # refused
    client.post("/en/people/delete/", {"confirm": "ED@wuppertal.de"})
    assert not Member.objects.exists()
    assert not signed_in(client)
    revision = Revision.objects.get(kind="partnership", object_id=p.pk)
    assert (revision.user, revision.user_deleted, revision.author) == (None, True, "")
    assert not AuditEvent.objects.filter(login="ed@wuppertal.de").exists()


def test_create_the_first_admin(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth.models import User
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("PARTNERATLAS_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("people", "create-admin", "root@agency.de")
    monkeypatch.setenv("PARTNERATLAS_ADMIN_PASSWORD", PASSWORD)
    call_command("people", "create-admin", "Root@Agency.de")
    assert User.objects.get(email="root@agency.de").is_superuser
    response = login(client, "root@agency.de")  # verified: signed in, then sent to set up two factors
    assert signed_in(client)
    assert client.get("/en/people/")["Location"] == "/en/accounts/2fa/totp/activate/"
    with pytest.raises(CommandError, match="already an account"):
        call_command("people", "create-admin", "root@agency.de")
    assert response.status_code == 302


def test_client_address_behind_a_proxy(rf: Any, settings: Any) -> None:
    from partneratlas.people.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not trusted
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # what the proxy saw, not what the client claimed


def test_deleting_an_account_leaves_no_address_in_a_municipalitys_history_and_the_download_has_its_edits(
        client: Client) -> None:
    from partneratlas.editing.tests.test_municipalities import record

    client.force_login(persona("ed@wuppertal.de", OrganisationKind.MUNICIPALITY, WUPPERTAL))
    client.post(f"/en/edit/municipalities/{WUPPERTAL}/", record(population="355000"))
    data = client.get("/en/people/my-data.json").content.decode()
    assert WUPPERTAL in data
    client.post("/en/people/delete/", {"confirm": "ed@wuppertal.de"})
    staff = Client()
    staff.force_login(persona("staff@agency.de", OrganisationKind.AGENCY))
    page = staff.get(f"/en/edit/municipalities/{WUPPERTAL}/").content.decode()
    assert "355000" in page
    assert "deleted account" in page
    assert "ed@wuppertal.de" not in page
