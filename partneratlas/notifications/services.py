"""The one way to send a message: `notify` renders and records it, a task sends it after the commit.

    notify(event="people.invitation:12", recipients=[recipient], template="people/mail/invitation",
           context={"invitation": invitation})

renders `people/mail/invitation_subject.txt`, `….txt` and `….html` (which extend
`notifications/base.txt` / `base.html`) in each recipient's language and queues one Message
per address; `send_message` delivers it once the transaction has committed.
"""

import datetime
import logging
import re
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partneratlas.notifications.branding import brand
from partneratlas.notifications.models import Message, Preference
from partneratlas.notifications.selectors import Recipient

logger = logging.getLogger(__name__)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def render(template: str, context: Mapping[str, Any], language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of `template` in `language`, with the site's name and address."""
    with translation.override(language):
        values = {**context, "site": brand(), "language": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        values["subject"] = subject
        text = _BLANK_LINES.sub("\n\n", render_to_string(f"{template}.txt", values)).strip() + "\n"
        html = render_to_string(f"{template}.html", values)
    return f"{settings.SITE_NAME}: {subject}"[:500], text, html


@transaction.atomic
def notify(*, event: str, recipients: Iterable[Recipient], template: str, context: Mapping[str, Any] | None = None,
           secret: bool = False) -> list[Message]:
    """Queue `template` about `event` to each recipient, rendered in the recipient's language.

    Side effects: one Message per address that has none for this event yet (a repeated event
    queues nothing again); after the transaction commits, a `send_message` task per new message.
    With `secret` (a sign-in link or code) the bodies are emptied once sent. Returns the new messages.
    """
    wanted = {r.email.strip().lower(): r for r in recipients if r.email and r.email.strip()}
    known = set(Message.objects.filter(event=event, to__in=wanted).values_list("to", flat=True))
    created = []
    for address, recipient in wanted.items():
        if address in known:
            continue
        subject, text, html = render(template, context or {}, recipient.language)
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    event=event[:200], template=template, to=address, user_id=recipient.user_id,
                    language=recipient.language, subject=subject, text=text, html=html, secret=secret)
        except IntegrityError:  # queued meanwhile by a twin of this call
            continue
        created.append(message)
        transaction.on_commit(partial(_enqueue, message.pk))
    return created


def _enqueue(message_id: int) -> None:
    from partneratlas.notifications.tasks import send_message

    send_message.enqueue(message_id)


def message_send(*, message_id: int) -> bool:
    """Send one queued (or failed) message; True if it went out now.

    Side effects: the message is claimed by one conditional update (queued/failed → sending),
    so of two runs of the same task only one sends; then it is marked sent (bodies emptied if
    secret) or failed with the error. Each step commits on its own: no lock is held while the
    mail server is talked to.
    """
    claimed = Message.objects.filter(pk=message_id, state__in=[Message.State.QUEUED, Message.State.FAILED]).update(
        state=Message.State.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    mail = EmailMultiAlternatives(message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [message.to],
                                  headers={"Auto-Submitted": "auto-generated"})
    mail.attach_alternative(message.html, "text/html")
    try:
        mail.send()
    except Exception as exc:  # the mail server's refusal, a timeout, a lost connection: recorded, sent again later
        logger.warning("Message %s to %s failed: %s", message.pk, message.to, exc)
        Message.objects.filter(pk=message.pk).update(state=Message.State.FAILED, error=str(exc)[:500])
        return False
    done: dict[str, Any] = {"state": Message.State.SENT, "sent_at": timezone.now(), "error": ""}
    if message.secret:
        done.update(text="", html="")
    Message.objects.filter(pk=message.pk).update(**done)
    return True


@transaction.atomic
def messages_retry(*, ids: Iterable[int]) -> int:
    """Queue failed messages again (the admin's "send again"). Side effects: a send task per message after commit."""
    failed = list(Message.objects.filter(pk__in=list(ids), state=Message.State.FAILED).values_list("pk", flat=True))
    for message_id in failed:
        transaction.on_commit(partial(_enqueue, message_id))
    return len(failed)


@transaction.atomic
def preference_set(*, user: Any, language: str) -> Preference:
    """Set the user's language for messages; a language the site lacks is refused. Side effects: their Preference."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Please choose one of the languages offered."), code="language")
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"language": language})
    return preference


@transaction.atomic
def purge(*, before: datetime.datetime) -> int:
    """Delete the record of messages created before `before` (they hold addresses); returns how many."""
    return Message.objects.filter(created_at__lt=before).delete()[0]


@transaction.atomic
def forget(*, user: Any) -> int:
    """Delete the messages sent to the user's account or address (account deletion); returns how many."""
    return Message.objects.filter(Q(user=user) | Q(to__iexact=user.email or "-")).delete()[0]
