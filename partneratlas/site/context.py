"""What every public page needs: the operator, the language switcher, the search box."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

# What a phone's header shows of each language: its code, or its own short name.
SHORT_NAMES = {"zh-hans": "中文"}


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = request.META.get("QUERY_STRING", "")
    languages = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        languages.append({
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "short": SHORT_NAMES.get(code, code.upper()),
            "english": str(name),
            "url": f"{url}?{query}" if query else url,
            "current": code == current,
        })
    return {
        "site_languages": languages,
        "site_operator": settings.SITE_OPERATOR,
        "search_query": request.GET.get("q", "") if request.resolver_match
        and request.resolver_match.url_name == "search" else "",
    }
