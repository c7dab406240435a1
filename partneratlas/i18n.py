"""Helpers for content that carries its own translations (names stored per language)."""

from django.utils import translation


def pick(names: dict[str, str], fallback: str = "", language: str | None = None) -> str:
    """The name in the given (or active) language, else English, else the fallback.

    Chinese variants fall back to each other's base code ("zh-hans" → "zh").
    """
    language = (language or translation.get_language() or "de").lower()
    for code in (language, language.split("-")[0], "en"):
        if names.get(code):
            return names[code]
    return fallback


def language_name(code: str) -> str:
    """"zh" → "Chinesisch" in a German page, via the CLDR data of Babel."""
    from babel import Locale, UnknownLocaleError

    reader = (translation.get_language() or "de").replace("-hans", "_Hans")
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(reader)) or code
    except (ValueError, UnknownLocaleError):
        return code
