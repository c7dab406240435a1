"""Punctuation that differs by language: enumerations, brackets, record text's language.

Chinese separates the items of an enumeration with “、” and brackets with full-width
“（）”; the patterns are translatable strings, so each catalogue says how its language does it.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

register = template.Library()
FULL_WIDTH_PUNCTUATION = ("：", "；", "，", "。", "、", "？", "！", "）")


def list_separator() -> str:
    # Translators: between the items of an enumeration, as in “Köln, Bonn”; Chinese uses “、”.
    return pgettext("list separator", ", ")


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    """`{% list_separator %}` between items written out in a loop."""
    return list_separator()


@register.filter(is_safe=True)
def enumeration(items: Iterable[Any]) -> SafeString:
    """`{{ names|enumeration }}`: “Kultur, Bildung” / “文化、教育”; each item is escaped."""
    return mark_safe(conditional_escape(list_separator()).join(str(conditional_escape(i)) for i in items))  # noqa: S308


@register.filter(is_safe=True)
def bracketed(text: Any) -> SafeString:
    """`{{ country|bracketed }}` after a name: “ (China)” / “（中国）”, with a space where the language has one."""
    # Translators: a remark in brackets right after a name, as in “Dongguan (China)”; the leading space
    # separates it from the name. Chinese: “（%(text)s）” without the space.
    pattern = pgettext("in brackets after a name", " (%(text)s)")
    return mark_safe(conditional_escape(pattern) % {"text": conditional_escape(text)})  # noqa: S308


@register.filter(is_safe=True)
def filter_summary(chosen: Iterable[tuple[str, str]]) -> SafeString:
    """The chosen filters for “Selection: …”: “Partner country China, Status active” / “伙伴国家为中国、状态为活跃”."""
    # Translators: a filter's name and the value chosen in it, as in “Selection: Partner country China”.
    pattern = pgettext("a filter and its chosen value", "%(filter)s %(value)s")
    return enumeration([pattern % {"filter": name, "value": value} for name, value in chosen])


@register.filter
def space_after(text: str) -> str:
    """A lead-in such as “Also found:” and the space before what follows; none after “：” (Chinese
    full-width punctuation carries its own space)."""
    text = str(text)
    return text if text.endswith(FULL_WIDTH_PUNCTUATION) else f"{text} "
