from io import StringIO

import pytest
from django.core.management import call_command

from partneratlas.activities.models import Activity

pytestmark = pytest.mark.django_db


def test_the_demo_logs_its_activities_once() -> None:
    out = StringIO()
    call_command("demo", "load", stdout=out)
    first = Activity.objects.count()
    assert first >= 4
    assert Activity.objects.filter(youth=True, young_people=24).exists()
    call_command("demo", "load", stdout=out)
    assert Activity.objects.count() == first
