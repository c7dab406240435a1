"""Small helpers every page uses."""

from typing import Any, TypeVar

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def object_or_404(model: type[M] | models.QuerySet[M], **lookups: Any) -> M:
    """The one object the lookups name, or 404, also for values that can never name one.

    A path or form may carry anything: "abc" for a number, "١٢" or a 30-digit number
    (which SQLite cannot even hold), 300 characters for a reference. Each is "not found".
    """
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    try:
        return queryset.get(**lookups)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError, OverflowError,
            ValidationError) as exc:
        raise Http404 from exc
