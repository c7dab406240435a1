"""Exactly one message per transition, in the recipient's language; organisers get theirs; reminders once."""

import datetime

import pytest

from partneratlas.capacity.signals import recording
from partneratlas.events.messages import reminders_send
from partneratlas.events.models import Registration
from partneratlas.events.registering import offer_accept, registration_approve, registration_cancel, registration_reject
from partneratlas.events.signals import edition_changed
from partneratlas.events.tests.test_registration_world import NOW, STARTS, edition, people, register
from partneratlas.notifications.models import Message

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def to(address: str) -> list[tuple[str, str]]:
    return list(Message.objects.filter(to=address).order_by("pk").values_list("language", "subject"))


def test_one_message_per_transition_in_each_persons_language() -> None:
    ed = edition(capacity=1)
    with recording() as seen:
        de = register(ed, "Anna", email="anna@example.de", language="de")
        zh = register(ed, "王小明", email="wang@example.cn", language="zh-hans")
        en = register(ed, "John", email="john@example.org", language="en")
        registration_cancel(registration=de, now=NOW)
        offer_accept(registration=Registration.objects.get(pk=zh.pk), now=NOW + HOUR)
    holders = {f"events.registration:{r.pk}": r.email for r in (de, zh, en)}
    assert len(seen) == 6  # 3 made, anna cancelled, wang offered, wang confirmed
    assert Message.objects.filter(to__in=holders.values()).count() == len(seen)
    for transition in seen:
        assert Message.objects.filter(event=f"events.claim:{transition.claim_id}:{transition.new}",
                                      to=holders[transition.holder]).count() == 1
    wang = to("wang@example.cn")
    assert [language for language, _s in wang] == ["zh-hans"] * 3
    assert "等候" in wang[0][1] or "候补" in wang[0][1] or "waiting list" in wang[0][1]
    assert [language for language, _s in to("anna@example.de")] == ["de", "de"]
    assert [language for language, _s in to("john@example.org")] == ["en"]
    assert "waiting list" in to("john@example.org")[0][1]


def test_a_repeated_signal_queues_nothing_again() -> None:
    from partneratlas.events.messages import transition_message

    ed = edition(capacity=1)
    with recording() as seen:
        r = register(ed, email="anna@example.de")
    assert Message.objects.count() == 1
    transition_message(registration=r, transition=seen[0])
    assert Message.objects.count() == 1


def test_the_offer_message_carries_the_personal_link_and_the_deadline() -> None:
    ed = edition(capacity=1)
    first = register(ed)
    second = register(ed, email="next@example.org", language="en")
    registration_cancel(registration=first, now=NOW)
    offer = Message.objects.get(to="next@example.org", event__endswith=":offered")
    assert f"/en/events/r/{second.pk}-" in offer.text
    assert "accept or decline" in offer.text.lower()


def test_organisers_are_told_in_their_language_when_approval_is_needed() -> None:
    users = people()
    ed = edition(needs_approval=True)
    r = register(ed, "Anna", email="anna@example.de")
    staff = Message.objects.filter(to=users["staff"].email)
    assert staff.count() == 1
    assert staff.get().language == "de"  # the staff member's own language
    assert "wartet auf Ihre Freigabe" in staff.get().subject
    registration_approve(registration=r, now=NOW)
    registration_reject(registration=register(ed, email="b@example.de"), now=NOW)
    assert Message.objects.filter(to="anna@example.de").count() == 2  # received, confirmed
    assert Message.objects.filter(to="b@example.de").count() == 2  # received, rejected


def test_reminders_go_once_per_day_step() -> None:
    ed = edition()
    register(ed, email="anna@example.de")
    assert reminders_send(now=STARTS - datetime.timedelta(days=10)) == 0
    assert reminders_send(now=STARTS - datetime.timedelta(days=6)) == 1
    assert reminders_send(now=STARTS - datetime.timedelta(days=5)) == 0
    assert reminders_send(now=STARTS - datetime.timedelta(hours=20)) == 1
    assert Message.objects.filter(to="anna@example.de", event__startswith="events.reminder").count() == 2


def test_an_edition_change_tells_each_active_participant_once() -> None:
    ed = edition(capacity=1)
    a = register(ed, email="a@example.de")
    register(ed, email="b@example.de")  # waiting: told too
    gone = register(ed, email="c@example.de")
    registration_cancel(registration=gone, now=NOW)
    before = Message.objects.count()
    for _ in range(2):
        edition_changed.send(sender=type(ed), edition=ed, fields=["starts_at"], cancelled=False)
    assert Message.objects.count() == before + 2
    assert Message.objects.filter(to=a.email, event__startswith="events.edition").count() == 1
