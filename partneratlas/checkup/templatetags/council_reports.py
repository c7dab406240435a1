"""{% council_reports partnership %}: the "Council reports" section on the partnership's check-up page.

The page has already checked that the reader sees the partnership's private records; the section
reads the reports and offers drafts, issuing and reopening to those who may (report_views.Reader).
"""

from typing import Any

from django import template

from partneratlas.checkup.report_views import Reader, section_context
from partneratlas.registry.models import Partnership

register = template.Library()


@register.inclusion_tag("checkup/report_section.html", takes_context=True)
def council_reports(context: template.Context, partnership: Partnership) -> dict[str, Any]:
    request = context["request"]
    return {**section_context(request, partnership, Reader(request, partnership)),
            "csrf_token": context.get("csrf_token"), "request": request}
