"""`partneratlas capacity sweep` and the check that SQLite begins transactions IMMEDIATE."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from partneratlas.capacity.checks import sqlite_immediate_check
from partneratlas.capacity.models import Claim
from partneratlas.capacity.services import claim_cancel, claim_request
from partneratlas.capacity.tests.factories import pool


@pytest.mark.django_db
def test_the_sweep_command_expires_overdue_offers_and_passes_them_on() -> None:
    long_ago = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=5)
    p = pool(capacity=1, offer_hours=1)
    seated = claim_request(pool=p, holder="a", now=long_ago)
    claim_request(pool=p, holder="first", now=long_ago)
    claim_request(pool=p, holder="second", now=long_ago)
    claim_cancel(claim=seated, now=long_ago)
    out = StringIO()
    call_command("capacity", "sweep", stdout=out)
    assert out.getvalue().strip() == "1 pool swept."
    assert dict(Claim.objects.filter(pool=p).values_list("holder", "state")) == {
        "a": "cancelled", "first": "expired", "second": "offered"}


def test_sqlite_without_immediate_transactions_is_an_error(settings: Any) -> None:
    from django.db import connections

    options = connections["default"].settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    try:
        options["transaction_mode"] = "DEFERRED"
        errors = sqlite_immediate_check()
    finally:
        options.clear()
        options.update(saved)
    if connections["default"].vendor == "sqlite":
        assert [e.id for e in errors] == ["partneratlas.capacity.E001"]
    else:
        assert errors == []
    assert sqlite_immediate_check() == []
