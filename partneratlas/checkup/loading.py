"""Loading the check-up's content: the definition file imported through the engine and published, once.

The agency edits the questionnaire afterwards in the engine's pages; loading again changes
nothing when any version already equals the file, and keeps the agency's versions when the
questionnaire exists (`force` imports the file as a new version and publishes it).
"""

import json
from pathlib import Path
from typing import Literal

from django.db import transaction

from partneratlas.checkup.conf import DEFINITION
from partneratlas.questionnaires.definitions import definition_of, definition_read
from partneratlas.questionnaires.models import Questionnaire, Version
from partneratlas.questionnaires.services import definition_import, version_publish

Outcome = Literal["loaded", "unchanged", "kept"]


class _Same(Exception):
    """Rolls the trial import back."""


def _comparable(data: dict[str, object]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@transaction.atomic
def checkup_load(*, path: Path = DEFINITION, force: bool = False) -> tuple[Outcome, Version | None]:
    """Import and publish the definition; ("unchanged", v) when version v equals it, ("kept", None) when the
    questionnaire exists with other versions and not `force`. Raises DefinitionInvalid, OSError."""
    raw = path.read_bytes()
    code = definition_read(raw).code
    existing = Questionnaire.objects.filter(code=code).first()
    if existing is not None:
        versions = list(existing.versions.order_by("-number"))
        wanted = ""
        try:
            with transaction.atomic():  # a trial import, rolled back: the file as the engine would store it
                wanted = _comparable(definition_of(definition_import(raw=raw)))
                raise _Same
        except _Same:
            pass
        for version in versions:
            if _comparable(definition_of(version)) == wanted:
                if version.is_draft:
                    return "loaded", version_publish(version=version)
                return "unchanged", version
        if not force:
            return "kept", None
    return "loaded", version_publish(version=definition_import(raw=raw))
