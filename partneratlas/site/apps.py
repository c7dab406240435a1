from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """What every page shares: the base layout, form partials, access helpers, "by id or 404"."""

    name = "partneratlas.site"
    label = "pa_site"
    verbose_name = _("Site")
