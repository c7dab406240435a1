"""The edition's archive (Dokumentation): minutes, slides and photos, shown to participants or to the public.

Organisers upload; a file passes partneratlas.uploads.check_upload (JPEG, PNG, WebP or PDF, by its
content). A photo needs a credit, a licence and the confirmation that the people shown agreed.
Files for "participants" are seen by the organisers and the edition's confirmed or checked-in
participants (by account or address); public files by everyone who sees the edition.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from partneratlas.events.access import organises, sees_edition
from partneratlas.events.hosting import HostingRefused
from partneratlas.events.models import Edition, EditionFile, Registration

PHOTO_KINDS = {"jpeg", "png", "webp"}


@dataclass
class NewFile:
    """An upload that passed check_upload (`kind`: jpeg, png, webp or pdf), with what the organiser said of it."""

    upload: UploadedFile
    kind: str
    file_kind: str  # EditionFile.Kind
    title: str
    audience: str = EditionFile.Audience.PARTICIPANTS
    language: str = ""
    credit: str = ""
    licence: str = ""
    consent: bool = False


def participates(user: Any, edition: Edition) -> bool:
    """A confirmed or checked-in participant of the edition, by account or by address."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_partneratlas_participates", None)
    if cached is None:
        cached = {}
        user._partneratlas_participates = cached
    if edition.pk not in cached:
        cached[edition.pk] = Registration.objects.filter(edition=edition).filter(
            Q(state="confirmed") | Q(attended_at__isnull=False)).filter(
            Q(user=user) | Q(email__iexact=user.email or "-")).exists()
    return bool(cached[edition.pk])


def files_for(user: Any, edition: Edition, *, organiser: bool | None = None) -> QuerySet[EditionFile]:
    """The edition's files the user may see, by kind."""
    files = edition.files.all().order_by("kind", "pk")
    if organiser if organiser is not None else organises(user, edition):
        return files
    if not sees_edition(user, edition):
        return files.none()
    shown = files.exclude(kind=EditionFile.Kind.PHOTO, consent=False)
    if participates(user, edition):
        return shown
    return shown.filter(audience=EditionFile.Audience.PUBLIC)


def may_see(user: Any, file: EditionFile) -> bool:
    return files_for(user, file.edition).filter(pk=file.pk).exists()


def _check(new: NewFile) -> None:
    if new.file_kind not in EditionFile.Kind.values:
        raise HostingRefused(_("Choose what the file is: minutes, slides, a photo or another document."))
    if new.audience not in EditionFile.Audience.values:
        raise HostingRefused(_("Choose who may see the file."))
    if not new.title.strip():
        raise HostingRefused(_("Give the file a title."))
    photo = new.file_kind == EditionFile.Kind.PHOTO
    if photo and new.kind not in PHOTO_KINDS:
        raise HostingRefused(_("A photo must be a JPEG, PNG or WebP image."))
    if new.kind in PHOTO_KINDS:
        if not new.consent:
            raise HostingRefused(_("A photo can be kept only when the people shown agreed: please confirm their "
                                   "consent, or leave the photo out."))
        if not (new.credit.strip() and new.licence.strip()):
            raise HostingRefused(_("A photo needs a credit and a licence."))


@transaction.atomic
def file_add(*, edition: Edition, new: NewFile, user: Any, now: datetime.datetime) -> EditionFile:
    """Archive a file with the edition. Raises HostingRefused (missing title, photo without credit, licence or
    consent) before anything is stored. Side effects: the file in the storage (removed again if the save fails).
    """
    _check(new)
    original = (new.upload.name or "file").rsplit("/", 1)[-1][-200:]
    suffix = "jpg" if new.kind == "jpeg" else new.kind
    path = default_storage.save(f"events/{now:%Y}/{uuid.uuid4().hex}.{suffix}", new.upload)
    try:
        with transaction.atomic():
            return EditionFile.objects.create(
                edition=edition, kind=new.file_kind, file=path, name=original,
                content_type="application/pdf" if new.kind == "pdf" else f"image/{new.kind}",
                size=new.upload.size or 0, title=new.title.strip()[:200], language=new.language[:10],
                credit=new.credit.strip()[:200], licence=new.licence.strip()[:100],
                consent=new.consent if new.kind in PHOTO_KINDS else False, audience=new.audience,
                uploaded_by=user if user and user.pk else None)
    except Exception:
        default_storage.delete(path)
        raise


@transaction.atomic
def file_remove(*, file: EditionFile) -> None:
    """Delete an archived file. Side effects: the stored file is deleted once the transaction has committed."""
    path = file.file.name
    EditionFile.objects.filter(pk=file.pk).delete()
    transaction.on_commit(lambda: default_storage.delete(path))
