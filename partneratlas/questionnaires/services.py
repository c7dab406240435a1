"""Writes: definitions imported, versions cloned, published and translated; responses answered.

Every function is atomic and keyword-only; a refusal raises Refused (or DefinitionInvalid,
AnswersInvalid) with a message in the reader's language, and nothing is half-written.
Time is passed in (`now`) where a rule or a stamp depends on it.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partneratlas.i18n import language_name
from partneratlas.questionnaires.answers import AnswerInput, answers_check
from partneratlas.questionnaires.definitions import Definition, definition_of, definition_read
from partneratlas.questionnaires.models import Answer, Item, Questionnaire, Response, Section, Version
from partneratlas.questionnaires.selectors import answers_of
from partneratlas.questionnaires.texts import missing_texts, slot_set, slots, valid_language


class Refused(Exception):
    """A rule of the questionnaires forbids the write; the message says which, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


@transaction.atomic
def definition_import(*, raw: bytes | str | dict[str, Any] | Definition) -> Version:
    """A definition (JSON) saved as a draft version of its questionnaire (made when new).

    The newest version, when it is a draft, is replaced by the file; otherwise the file
    becomes the next version. Raises DefinitionInvalid (every fault) before anything is written.
    """
    d = raw if isinstance(raw, Definition) else definition_read(raw)
    questionnaire, _created = Questionnaire.objects.select_for_update().get_or_create(code=d.code)
    questionnaire.title, questionnaire.purpose = d.version.title, d.purpose or questionnaire.purpose
    questionnaire.save()
    latest = questionnaire.versions.order_by("-number").first()
    if latest is not None and latest.is_draft and not latest.frozen:
        version = latest
        version.items.all().delete()
        version.sections.all().delete()
        version.title, version.intro, version.languages = d.version.title, d.version.intro, d.version.languages
    else:
        version = d.version
        version.questionnaire, version.number = questionnaire, (latest.number + 1) if latest else 1
    version.save()
    _save_parts(version, d.sections, d.items)
    return version


def _save_parts(version: Version, sections: list[tuple[Section, int | None]], items: list[tuple[Item, int]]) -> None:
    saved: list[Section] = []
    for section, parent in sections:
        section.pk, section.version = None, version
        section.parent = saved[parent] if parent is not None else None
        section.save()
        saved.append(section)
    for item, index in items:
        item.pk, item.version, item.section = None, version, saved[index]
    Item.objects.bulk_create([i for i, _index in items])


@transaction.atomic
def version_clone(*, version: Version) -> Version:
    """A new draft with the version's structure and texts (the way to change a frozen version)."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=version.questionnaire_id)
    number = (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    d = definition_read(definition_of(version))
    clone = d.version
    clone.questionnaire, clone.number, clone.cloned_from = questionnaire, number, version
    clone.save()
    _save_parts(clone, d.sections, d.items)
    return clone


@transaction.atomic
def version_publish(*, version: Version, now: datetime.datetime | None = None) -> Version:
    """A draft becomes published: responses may be opened on it. Its first language must be complete."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise Refused(_("This version is already published."))
    first = version.languages[0]
    missing = missing_texts(version, first)
    if missing:
        raise Refused(ngettext(
            "This version cannot be published: %(count)d text in %(language)s, its first language, is missing.",
            "This version cannot be published: %(count)d texts in %(language)s, its first language, are missing.",
            len(missing)) % {"count": len(missing), "language": language_name(first)})
    version.state, version.published_at = Version.State.PUBLISHED, _now(now)
    version.save(update_fields=["state", "published_at"])
    Questionnaire.objects.filter(pk=version.questionnaire_id).update(title=version.title)
    return version


@transaction.atomic
def version_texts_set(*, version: Version, language: str, texts: dict[str, str]) -> int:
    """Write texts of one language, by slot key (texts.slots); returns how many changed.

    A language not yet in the version is added at the end of its fallback order. A frozen
    version keeps the texts of the languages it had when it was first answered and of those
    responses were opened in (Refused); a new language can still be added. A published
    version's first language stays complete. An empty text removes the language's text.
    """
    version = Version.objects.select_for_update().get(pk=version.pk)
    if not valid_language(language):
        raise Refused(_("“%(code)s” is not a language code such as fr, pt-br or uk.") % {"code": language})
    if language in version.frozen_languages:
        raise Refused(_("The %(language)s texts of this version can no longer change: it has been answered. "
                        "Make a new version to change them.") % {"language": language_name(language)})
    sections, items = list(version.sections.all()), list(version.items.all())
    by_key = {s.key: s for s in slots(version, sections, items)}
    unknown = sorted(set(texts) - set(by_key))
    if unknown:
        raise Refused(_("Unknown texts: %(keys)s.") % {"keys": ", ".join(unknown)})
    changed: set[Any] = set()
    count = 0
    for key, text in texts.items():
        slot = by_key[key]
        if slot.texts.get(language, "") != text.strip():
            slot_set(slot, language, text)
            changed.add(slot.owner)
            count += 1
    if language not in version.languages:
        version.languages = [*version.languages, language]
        changed.add(version)
    if not version.is_draft and missing_texts(version, version.languages[0], all_slots=list(by_key.values())):
        raise Refused(_("The texts in %(language)s, the first language of this published version, must stay "
                        "complete.") % {"language": language_name(version.languages[0])})
    for owner in changed:
        owner.save()
    return count


@transaction.atomic
def version_language_order(*, version: Version, languages: list[str]) -> Version:
    """The version's fallback order (the same languages, another order; the first must be complete)."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if sorted(languages) != sorted(version.languages):
        raise Refused(_("The order must list the version's languages, each once."))
    if version.frozen and languages[0] != version.languages[0]:
        raise Refused(_("The first language of an answered version stays as it is."))
    if not version.is_draft and missing_texts(version, languages[0]):
        raise Refused(_("The first language of a published version must be complete."))
    version.languages = languages
    version.save(update_fields=["languages"])
    return version


def open_languages(version: Version) -> list[str]:
    """The languages a response may be opened in: those of the version with every expected text."""
    all_slots = list(slots(version))
    return [lang for lang in version.languages if not missing_texts(version, lang, all_slots=all_slots)]


@transaction.atomic
def response_start(*, version: Version, subject: str, language: str, user: Any = None,
                   now: datetime.datetime | None = None) -> Response:
    """A new response in a language whose texts are complete, on a published version.

    Side effect: on a frozen version, the language's texts are frozen too.
    """
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.is_draft:
        raise Refused(_("This questionnaire version is a draft: it cannot be answered yet."))
    if language not in version.languages or missing_texts(version, language):
        raise Refused(_("This questionnaire cannot be answered in %(language)s: its texts in that language are "
                        "incomplete.") % {"language": language_name(language)})
    if not subject or len(subject) > 200:
        raise Refused(_("A response needs a subject of at most 200 characters."))
    if version.frozen and language not in version.frozen_languages:
        version.frozen_languages = [*version.frozen_languages, language]
        version.save(update_fields=["frozen_languages"])
    at = _now(now)
    return Response.objects.create(version=version, subject=subject, user=user if user and user.pk else None,
                                   language=language, started_at=at, updated_at=at)


@transaction.atomic
def response_save(*, response: Response, answers: dict[str, AnswerInput], now: datetime.datetime | None = None,
                  submit: bool = False) -> Response:
    """Save some answers (save and resume later); an empty answer removes the stored one.

    With `submit`, every required item must then be answered, and the response is submitted.
    Raises AnswersInvalid (one message per item) or Refused; nothing is saved then.
    Side effect: the first answer to a version freezes it (frozen_at, frozen_languages).
    """
    response = Response.objects.select_for_update().select_related("version").get(pk=response.pk)
    if response.state != Response.State.DRAFT:
        raise Refused(_("These answers have been submitted and can no longer change."))
    items = list(response.version.items.all())
    cleaned = answers_check(items=items, answers=answers, complete=submit, stored=answers_of(response))
    by_code = {i.code: i for i in items}
    empty = [by_code[c].pk for c, a in cleaned.items() if a.empty]
    response.answers.filter(item_id__in=empty).delete()
    rows = [Answer(response=response, item=by_code[c], value=a.value, not_applicable=a.not_applicable,
                   evidence=a.evidence) for c, a in cleaned.items() if not a.empty]
    if rows:
        Answer.objects.bulk_create(rows, update_conflicts=True, unique_fields=["response", "item"],
                                   update_fields=["value", "not_applicable", "evidence"])
    at = _now(now)
    version = response.version
    if rows and not version.frozen:
        Version.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
            frozen_at=at, frozen_languages=list(dict.fromkeys([*version.languages])))
    response.updated_at = at
    if submit:
        response.state, response.submitted_at = Response.State.SUBMITTED, at
    response.save(update_fields=["updated_at", "state", "submitted_at"])
    return response


def response_submit(*, response: Response, answers: dict[str, AnswerInput] | None = None,
                    now: datetime.datetime | None = None) -> Response:
    """Save the last answers and submit; every required item must be answered (AnswersInvalid)."""
    return response_save(response=response, answers=answers or {}, now=now, submit=True)


@transaction.atomic
def response_lock(*, response: Response, now: datetime.datetime | None = None) -> Response:
    """Lock a response (submitted or not), e.g. when a round closes: no change afterwards. Locking twice is fine."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.state != Response.State.LOCKED:
        response.state, response.locked_at = Response.State.LOCKED, _now(now)
        response.save(update_fields=["state", "locked_at"])
    return response
