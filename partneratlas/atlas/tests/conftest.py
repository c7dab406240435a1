from typing import Any

import pytest

from partneratlas.registry.models import Partnership
from partneratlas.registry.tests.factories import (
    CHANGZHOU,
    DONGGUAN,
    ESSEN,
    GUANGZHOU,
    HAMBURG,
    SHANGHAI,
    WUPPERTAL,
    partnership,
)

BERLIN = "gn:2950159"


@pytest.fixture
def china(db: Any) -> dict[str, Partnership]:
    """Four German–Chinese partnerships, two of them Wuppertal's."""
    return {
        "dongguan": partnership(WUPPERTAL, DONGGUAN, kind="twinning", topics=["culture"], sdgs=[11, 17]),
        "guangzhou": partnership(WUPPERTAL, GUANGZHOU, kind="cooperation"),
        "shanghai": partnership(HAMBURG, SHANGHAI, kind="twinning", since=1986, topics=["urban-development"]),
        "changzhou": partnership(ESSEN, CHANGZHOU, kind="project", since=2011, status="dormant"),
    }
