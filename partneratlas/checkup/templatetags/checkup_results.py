"""`{{ s|score }}` and `{{ line|gap:True }}`: a result's cell, for the round page, the council report and the PDF.

Filters rather than included templates: the round page shows some 130 cells, and an include per
cell (a new context, a template lookup, a translated block) cost a fifth of the page's time. The
texts are the msgids the included templates used, so the catalogues stay as they are.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from partneratlas.checkup.results import Line
from partneratlas.questionnaires.scoring import Score

register = template.Library()


def _not_applicable(n: int) -> str:
    return ngettext(", %(n)s not applicable", ", %(n)s not applicable", n) % {"n": n}


@register.filter
def score(s: Score | None) -> SafeString:
    """"62 (4 answers, 1 not applicable)"; "– (2 not applicable)" without answers; "–" with nothing."""
    if s is not None and s.value is not None:
        meta = ngettext("(%(n)s answer", "(%(n)s answers", s.answers) % {"n": s.answers}
        if s.not_applicable:
            meta += _not_applicable(s.not_applicable)
        return format_html('{} <span class="meta">{})</span>', s.rounded, meta)
    if s is not None and s.not_applicable:
        n = s.not_applicable
        return format_html('– <span class="meta">{}</span>',
                           ngettext("(%(n)s not applicable)", "(%(n)s not applicable)", n) % {"n": n})
    return mark_safe("–")


@register.filter
def gap(line: Line, flag: bool = False) -> SafeString:
    """The gap with its sign, and the "large gap" mark where `flag` asks for it and the line is flagged."""
    if flag and line.flag:
        return format_html('{} <strong class="gap-flag">⚠ {}</strong>', line.gap_text, gettext("large gap"))
    return format_html("{}", line.gap_text)
