"""Account e-mails (allauth's and invitations) reach each person in their language, with the site's name."""

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from partneratlas.notifications.models import Message, Preference
from partneratlas.notifications.services import preference_set
from partneratlas.people.models import OrganisationKind, Role
from partneratlas.people.tests.factories import PASSWORD, member, organisation, person
from partneratlas.registry.tests.factories import WUPPERTAL

pytestmark = pytest.mark.django_db
PREFIX = {"de": "", "en": "/en", "zh-hans": "/zh-hans"}


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    cache.clear()  # allauth's rate limits (one confirmation per address in three minutes) live in the cache
    settings.SITE_NAME = "Partnerschaftsatlas"
    settings.SITE_URL = "https://atlas.example.org"


@pytest.mark.parametrize(("language", "subject", "greeting"), [
    ("de", "Partnerschaftsatlas: Bitte bestätige deine E-Mail-Adresse", "Hallo von Partnerschaftsatlas!"),
    ("en", "Partnerschaftsatlas: Please Confirm Your Email Address", "Hello from Partnerschaftsatlas!"),
    ("zh-hans", "Partnerschaftsatlas: 请确认您的Email地址", "来自Partnerschaftsatlas的 Hello!"),  # allauth's words
])
def test_sign_up_keeps_the_browsers_language_and_the_confirmation_speaks_it(
        client: Client, language: str, subject: str, greeting: str, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{PREFIX[language]}/accounts/signup/",
                    {"email": "li@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert Preference.objects.get(user__email="li@example.org").language == language
    [sent] = mail.outbox
    assert sent.subject == subject
    assert greeting in sent.body
    assert "atlas.example.org" in sent.body
    assert "testserver" not in sent.subject + sent.body.split("/accounts/confirm-email/")[1]  # no host name as brand
    [(html, kind)] = sent.alternatives  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert f'<html lang="{language}">' in html
    assert greeting in html
    assert '/accounts/confirm-email/' in html
    assert Message.objects.get().text == ""  # the confirmation link is not kept once sent


@pytest.mark.parametrize(("language", "subject"), [
    ("de", "Partnerschaftsatlas: E-Mail zum Zurücksetzen des Passworts"),
    ("en", "Partnerschaftsatlas: Password Reset Email"),
    ("zh-hans", "Partnerschaftsatlas: 密码重置邮件"),
])
def test_a_password_reset_asked_for_in_english_reaches_the_account_in_its_own_language(
        client: Client, language: str, subject: str, django_capture_on_commit_callbacks: Any) -> None:
    preference_set(user=person("anna@wuppertal.de"), language=language)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "anna@wuppertal.de"})
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["anna@wuppertal.de"], subject)
    assert "/accounts/password/reset/key/" in sent.body


@pytest.mark.parametrize(("language", "subject", "button"), [
    ("de", "Partnerschaftsatlas: Sie sind eingeladen, Stadtverwaltung Wuppertal als Bearbeiter beizutreten.",
     "Einladung annehmen"),
    ("en", "Partnerschaftsatlas: You are invited to join Stadtverwaltung Wuppertal as editor.", "Accept the invitation"),
    ("zh-hans", "Partnerschaftsatlas: 您受邀以编辑身份加入Stadtverwaltung Wuppertal。", "接受邀请"),
])
def test_an_invitation_reaches_an_existing_account_in_its_language(
        client: Client, language: str, subject: str, button: str, django_capture_on_commit_callbacks: Any) -> None:
    town = organisation(OrganisationKind.MUNICIPALITY, WUPPERTAL)
    chef = person("chef@wuppertal.de")
    chef.first_name = "Chef"
    chef.save()
    member(chef, town, Role.ADMIN)
    preference_set(user=person("neu@wuppertal.de"), language=language)
    client.force_login(chef)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/people/organisations/{town.pk}/invite/", {"email": "neu@wuppertal.de", "role": "editor"})
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["neu@wuppertal.de"], subject)
    if language == "en":
        assert sent.body.startswith(
            "Chef invites you to join Stadtverwaltung Wuppertal on Partnerschaftsatlas as editor.\n\n")
    token = town.invitations.get().token
    assert f"https://atlas.example.org{PREFIX[language]}/people/invitations/{token}/" in sent.body
    [(html, _kind)] = sent.alternatives  # type: ignore[attr-defined]
    assert (f'<a class="button" href="https://atlas.example.org{PREFIX[language]}/people/invitations/{token}/">'
            f"{button}</a>") in html


def test_a_newcomer_is_invited_in_the_inviters_language(client: Client,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    town = organisation(OrganisationKind.MUNICIPALITY, WUPPERTAL)
    chef = person("chef@wuppertal.de")
    member(chef, town, Role.ADMIN)
    client.force_login(chef)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zh-hans/people/organisations/{town.pk}/invite/", {"email": "li@example.cn", "role": "viewer"})
    assert mail.outbox[0].subject == "Partnerschaftsatlas: 您受邀以查看者身份加入Stadtverwaltung Wuppertal。"


def test_the_language_of_e_mails_is_changed_on_the_account_page(client: Client) -> None:
    anna = person("anna@wuppertal.de")
    client.force_login(anna)
    page = client.get("/en/people/").content.decode()
    assert '<label for="id_language">Language of e-mails:</label>' in page
    assert '<option value="zh-hans">中文（简体）</option>' in page or "简体中文" in page
    response = client.post("/en/people/language/", {"language": "zh-hans"}, follow=True)
    assert "E-mails will reach you in" in response.content.decode()
    assert Preference.objects.get(user=anna).language == "zh-hans"
    refused = client.post("/en/people/language/", {"language": "fr"}, follow=True)
    assert "Please choose one of the languages offered." in refused.content.decode()
    assert Preference.objects.get(user=anna).language == "zh-hans"
