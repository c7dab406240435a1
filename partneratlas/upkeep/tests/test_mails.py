"""Upkeep's e-mails reach each person in their language, as text and HTML, and once per event."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partneratlas.notifications.models import Message
from partneratlas.notifications.services import preference_set
from partneratlas.people.models import Organisation, OrganisationKind, Role
from partneratlas.people.tests.factories import member, organisation, persona
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership
from partneratlas.upkeep.models import Proposal, Reminder
from partneratlas.upkeep.tasks import notify_reviewers, notify_sender, send_reminder
from partneratlas.upkeep.tests.test_proposals import correction

pytestmark = pytest.mark.django_db
ASK = {"de": "Bitte nehmen Sie ihn an oder lehnen Sie ihn ab:", "en": "Please accept or reject it:",
       "zh-hans": "请采纳或拒绝该建议："}
PREFIX = {"de": "", "en": "/en", "zh-hans": "/zh-hans"}


@pytest.fixture
def editors(settings: Any) -> dict[str, Any]:
    settings.SITE_URL = "https://atlas.example.org"
    people = {}
    for language in ("de", "en", "zh-hans"):
        people[language] = persona(f"{language}@wuppertal.de", None)
        preference_set(user=people[language], language=language)
    partnership(WUPPERTAL, DONGGUAN, since=2015)
    town = organisation(OrganisationKind.MUNICIPALITY, WUPPERTAL)
    for editor in people.values():
        member(editor, town, Role.EDITOR)
    return people


def sent_to(address: str) -> Any:
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_each_reviewer_reads_a_new_proposal_in_their_own_language(
        client: Client, editors: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    p = Partnership.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/propose/", correction(p))  # the sender's language decides nothing here
    proposal = Proposal.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == ["de@wuppertal.de", "en@wuppertal.de", "zh-hans@wuppertal.de"]
    for language in ("de", "en", "zh-hans"):
        message = sent_to(f"{language}@wuppertal.de")
        link = f"https://atlas.example.org{PREFIX[language]}/edit/proposals/{proposal.pk}/"
        assert f"{ASK[language]} {link}" in message.body
        assert "nicht seit 2015" in message.body
        [(html, _kind)] = message.alternatives
        assert f'<html lang="{language}">' in html
        assert f'href="{link}"' in html
    assert sent_to("en@wuppertal.de").subject.startswith("PartnerAtlas: A correction of Wuppertal")
    with django_capture_on_commit_callbacks(execute=True):
        notify_reviewers.enqueue(proposal.pk)  # the task again: nothing twice
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(("language", "reply"), [("de", "Antwort der Verwaltung:"), ("en", "Their reply:"),
                                                 ("zh-hans", "地方政府的答复：")])
def test_the_sender_hears_the_decision_in_the_language_they_wrote_in(
        client: Client, editors: dict[str, Any], language: str, reply: str,
        django_capture_on_commit_callbacks: Any) -> None:
    p = Partnership.objects.get()
    client.post(f"{PREFIX[language]}/propose/", correction(p))
    proposal = Proposal.objects.get()
    owner = Client()
    owner.force_login(editors["en"])  # decided by someone who reads English
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/en/edit/proposals/{proposal.pk}/", {"decision": "reject", "reply": "Stimmt so."})
        notify_sender.enqueue(proposal.pk)  # a retried task
    message = sent_to("li@example.org")
    assert f"{reply}\n\nStimmt so." in message.body
    assert "<blockquote>Stimmt so.</blockquote>" in message.alternatives[0][0]
    assert Message.objects.get(to="li@example.org").language == language
    if language == "en":
        assert message.subject == "PartnerAtlas: Your proposal has not been accepted"


def test_reminders_reach_each_editor_in_their_language_once_a_day(
        editors: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    Partnership.objects.update(verified_on=timezone.localdate() - datetime.timedelta(days=400))
    persona("view@wuppertal.de", None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("upkeep", "remind")
    assert sorted(m.to[0] for m in mail.outbox) == ["de@wuppertal.de", "en@wuppertal.de", "zh-hans@wuppertal.de"]
    assert "zuletzt geprüft am" in sent_to("de@wuppertal.de").body
    assert "最近核实于" in sent_to("zh-hans@wuppertal.de").body
    english = sent_to("en@wuppertal.de")
    assert english.subject == "PartnerAtlas: Please check your partnerships"
    assert "https://atlas.example.org/en/edit/?stale=1" in english.body
    town = Organisation.objects.get(municipality__ref=WUPPERTAL)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminder.enqueue(town.pk, timezone.localdate().isoformat())  # the same day's task again
    assert len(mail.outbox) == 3
    assert Reminder.objects.get().recipients == 3


def test_nobody_is_written_to_when_the_proposal_is_not_kept(client: Client, editors: dict[str, Any],
                                                            django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/propose/", correction(Partnership.objects.get(), website="https://spam.example"))
    assert (mail.outbox, Message.objects.count()) == ([], 0)


def test_the_daily_purge_removes_the_record_of_old_e_mails(settings: Any) -> None:
    from partneratlas.upkeep.retention import purge

    settings.RETENTION_DAYS = 730
    for days, address in ((731, "old@example.org"), (729, "new@example.org")):
        Message.objects.create(event=f"test:{days}", template="t", to=address, language="de", subject="s")
        Message.objects.filter(to=address).update(created_at=timezone.now() - datetime.timedelta(days=days))
    assert purge(dry_run=True)["sent messages"] == 1
    assert Message.objects.count() == 2
    assert purge()["sent messages"] == 1
    assert list(Message.objects.values_list("to", flat=True)) == ["new@example.org"]
