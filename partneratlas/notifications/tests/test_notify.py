"""One way to notify: rendered in the recipient's language, HTML and text, sent after commit, once, recorded."""

import ast
import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partneratlas.notifications.models import Message
from partneratlas.notifications.selectors import Recipient, messages_of, recipients_by_address
from partneratlas.notifications.services import message_send, messages_retry, notify, preference_set, purge
from partneratlas.notifications.tasks import send_message

pytestmark = pytest.mark.django_db
HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def test_templates(settings: Any) -> None:
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], HERE / "templates"]}]
    settings.SITE_NAME = "Partnerschaftsatlas NRW"
    settings.SITE_URL = "https://atlas.example.org"
    settings.SITE_OPERATOR = "Servicestelle"
    settings.SITE_ADDRESS = ["Tulpenfeld 7", "53113 Bonn"]


def person(email: str) -> Any:
    return get_user_model().objects.create_user(email.split("@")[0], email, "x")


def greet(*recipients: Recipient, event: str = "test:1") -> list[Message]:
    return notify(event=event, recipients=recipients, template="tests/greeting", context={"name": "Li <Wei>",
                                                                                            "number": 7})


@pytest.mark.parametrize(("language", "subject", "hello"), [
    ("de", "Partnerschaftsatlas NRW: Einladung 7", "Guten Tag,"),
    ("en", "Partnerschaftsatlas NRW: Invitation 7", "Hello,"),
    ("zh-hans", "Partnerschaftsatlas NRW: 邀请 7", "您好："),
])
def test_each_recipient_reads_it_in_their_language_as_text_and_html(
        language: str, subject: str, hello: str, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        greet(Recipient("Li@Example.org", language))
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["li@example.org"], subject)
    assert sent.body == (f"{hello} Li <Wei> & co.\n\n-- \nPartnerschaftsatlas NRW · Servicestelle\n"
                         "Tulpenfeld 7, 53113 Bonn\nhttps://atlas.example.org/\n")
    [(html, kind)] = sent.alternatives  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert f'<html lang="{language}">' in html
    assert f"<p>{hello} Li &lt;Wei&gt; & co.</p>" in html  # the name escaped
    assert '<a href="https://atlas.example.org/">atlas.example.org</a>' in html
    assert "testserver" not in sent.body + html + sent.subject  # the site's name and address, never the host
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                greet(Recipient("li@example.org", "en"))
                raise RuntimeError("the save that caused the message fails")
        except RuntimeError:
            pass
    assert (callbacks, mail.outbox, Message.objects.count()) == ([], [], 0)


def test_it_is_sent_only_after_the_commit(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [message] = greet(Recipient("li@example.org", "en"))
        assert not mail.outbox
    assert Message.objects.get().state == "queued"
    callbacks[0]()
    message.refresh_from_db()
    assert (len(mail.outbox), message.state, message.attempts) == (1, "sent", 1)
    assert message.sent_at is not None


def test_a_task_run_twice_and_an_event_queued_twice_send_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [message] = greet(Recipient("li@example.org", "en"), Recipient("LI@example.org", "de"))
    send_message.enqueue(message.pk)  # a retried task
    assert message_send(message_id=message.pk) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert greet(Recipient("li@example.org", "en")) == []  # the same event again
        assert len(greet(Recipient("li@example.org", "en"), event="test:2")) == 1  # another event
    assert [m.to for m in mail.outbox] == [["li@example.org"], ["li@example.org"]]
    assert Message.objects.get(pk=message.pk).attempts == 1


def test_a_failure_to_send_is_recorded_and_can_be_sent_again(settings: Any,
                                                             django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nobody listens
    with django_capture_on_commit_callbacks(execute=True):
        [message] = greet(Recipient("li@example.org", "en"))
    message.refresh_from_db()
    assert (message.state, message.attempts, message.sent_at) == ("failed", 1, None)
    assert "refused" in message.error.lower()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_retry(ids=[message.pk]) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.error, len(mail.outbox)) == ("sent", 2, "", 1)


def test_secret_bodies_are_not_kept_once_sent(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [message] = notify(event="test:secret", recipients=[Recipient("li@example.org", "en")],
                           template="tests/greeting", context={"name": "Li"}, secret=True)
    message.refresh_from_db()
    assert (message.state, message.text, message.html) == ("sent", "", "")
    assert message.subject == "Partnerschaftsatlas NRW: Invitation"
    assert "Hello, Li" in mail.outbox[0].body


def test_an_account_is_written_to_in_its_preferred_language_others_in_the_language_they_used() -> None:
    anna = person("anna@wuppertal.de")
    preference_set(user=anna, language="zh-hans")
    ben = person("ben@wuppertal.de")  # no preference: the site's language
    assert recipients_by_address(["Anna@Wuppertal.de", "ben@wuppertal.de", "li@example.org", "anna@wuppertal.de"],
                                 language="en") == [
        Recipient("anna@wuppertal.de", "zh-hans", anna.pk),
        Recipient("ben@wuppertal.de", "de", ben.pk),
        Recipient("li@example.org", "en", None),
    ]
    with pytest.raises(ValidationError, match="Please choose one of the languages offered"):
        preference_set(user=anna, language="fr")


def test_the_record_is_purged_and_shown_in_the_personal_data(django_capture_on_commit_callbacks: Any) -> None:
    anna = person("anna@wuppertal.de")
    with django_capture_on_commit_callbacks(execute=True):
        greet(Recipient("anna@wuppertal.de", "de", anna.pk), Recipient("li@example.org", "en"))
    [record] = messages_of(anna)
    assert (record["to"], record["subject"], record["state"]) == ("anna@wuppertal.de",
                                                                  "Partnerschaftsatlas NRW: Einladung 7", "sent")
    Message.objects.filter(to="li@example.org").update(created_at=timezone.now() - datetime.timedelta(days=800))
    assert purge(before=timezone.now() - datetime.timedelta(days=730)) == 1
    assert list(Message.objects.values_list("to", flat=True)) == ["anna@wuppertal.de"]


def test_notifications_depend_on_no_capability() -> None:
    """A foundation app: Django, the user model and the settings only."""
    forbidden = ("people", "registry", "editing", "upkeep", "atlas", "api", "gazetteer", "history")
    imported = set()
    for source in (HERE.parent).glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [m for m in imported if m.startswith(tuple(f"partneratlas.{app}" for app in forbidden))]


def test_the_deploy_check_warns_while_links_would_point_at_this_machine(settings: Any) -> None:
    from partneratlas.notifications.checks import site_url_check

    settings.DEBUG, settings.SITE_URL = False, "http://127.0.0.1:8000"
    [warning] = site_url_check()
    assert (warning.id, warning.msg) == ("partneratlas.notifications.W001", "SITE_URL is http://127.0.0.1:8000: the "
                                         "links in e-mails (invitations, proposals, reminders) lead nowhere.")
    settings.SITE_URL = "https://atlas.example.org"
    assert site_url_check() == []
