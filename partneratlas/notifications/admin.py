from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partneratlas.notifications.models import Message
from partneratlas.notifications.services import messages_retry


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The record of what was sent to whom: read only; failed messages can be sent again."""

    list_display = ["created_at", "to", "subject", "language", "state", "attempts", "sent_at"]
    list_filter = ["state", "template", "language"]
    search_fields = ["to", "subject", "event"]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Send the failed ones again"))
    def send_again(self, request: HttpRequest, queryset: "QuerySet[Message]") -> None:
        count = messages_retry(ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count}, messages.SUCCESS)
