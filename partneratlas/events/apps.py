from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "partneratlas.events"
    verbose_name = "Events"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from partneratlas import retention
        from partneratlas.events import receivers
        from partneratlas.events.letters import passports_purger

        receivers.connect()  # capacity.claims_changed → registration state + messages; edition_changed → messages
        retention.register("events passports", _("passport data of visa invitation letters after the event"),
                           passports_purger)
