"""Offset pagination with links, shared by the API's lists."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

MAX_LIMIT = 500
MAX_ID = 2**63 - 1  # the largest id a database row can have (a 64-bit integer)
MAX_OFFSET = 1_000_000_000  # far beyond any registry; a larger number overflows the databases' integers


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="How many results per page (1–500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many results to skip (at most 1,000,000,000).")


def page(request: HttpRequest, params: PageParams, count: int, results: list[Any]) -> dict[str, Any]:
    def link(offset: int) -> str:
        query = request.GET.copy()
        query["offset"] = str(offset)
        query["limit"] = str(params.limit)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    after = params.offset + params.limit
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "next": link(after) if after < count else None,
        "previous": link(max(params.offset - params.limit, 0)) if params.offset > 0 else None,
        "results": results,
    }
