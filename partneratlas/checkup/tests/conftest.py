from pathlib import Path
from typing import Any

import pytest

from partneratlas.checkup.tests.factories import CODE, published
from partneratlas.questionnaires.models import Version
from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import DONGGUAN, WUPPERTAL, partnership


@pytest.fixture(autouse=True)
def checkup_settings(settings: Any) -> None:
    settings.CHECKUP_QUESTIONNAIRE = CODE
    settings.CHECKUP_ITEM_MAPPINGS = {}


@pytest.fixture
def version(db: None, tmp_path: Path) -> Version:
    return published(tmp_path)


@pytest.fixture
def wd(db: None) -> Partnership:
    return partnership(WUPPERTAL, DONGGUAN)
