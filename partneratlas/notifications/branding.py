"""Who a message comes from: the site's name and address (settings), never the host a request named."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Brand:
    """The site as messages name it; `name` and `domain` also stand in for allauth's `current_site`."""

    name: str
    url: str
    domain: str
    operator: str = ""
    address: list[str] = field(default_factory=list)
    email: str = ""


def brand() -> Brand:
    url = settings.SITE_URL.rstrip("/")
    return Brand(name=settings.SITE_NAME, url=url, domain=urlsplit(url).netloc or url, operator=settings.SITE_OPERATOR,
                 address=list(settings.SITE_ADDRESS), email=settings.SITE_EMAIL)

