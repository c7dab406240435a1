"""render_pdf: a Django template in a language → PDF bytes, offline (see the package's docstring)."""

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

log = logging.getLogger(__name__)


class FetchRefused(ValueError):
    """A document asked for something outside the site's static files: never fetched."""


def render_pdf(*, template: str, context: dict[str, Any], language: str) -> bytes:
    """Render `template` (which extends "pdf/base.html") in `language` and lay it out as PDF.

    Side effects: none; static files referenced as `{% static %}` are read from disk.
    """
    import weasyprint  # imported here: pango is loaded only where a PDF is made

    with translation.override(language):
        html = render_to_string(template, {**context, "language": translation.get_language()})
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=offline_fetcher())
    return bytes(document.write_pdf())


def offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher for data: URLs and the site's static files; it refuses everything else."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Offline(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints: its classes are Any
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                log.warning("PDF: refused to fetch %s", url[:200])
                raise FetchRefused(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return Offline(allowed_protocols={"data", "file"}, allow_redirects=False)


def _static_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file"):
        return None
    path = unquote(parsed.path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if prefix in path:
        found = finders.find(path.split(prefix, 1)[1])
        if isinstance(found, str):
            return Path(found)
    return None
