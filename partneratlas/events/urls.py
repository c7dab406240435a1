"""/events/…: one list per part of the capability, each kept with its views."""

from partneratlas.events import urls_core, urls_documents, urls_hosting, urls_registration

app_name = "events"
urlpatterns = [*urls_core.urlpatterns, *urls_registration.urlpatterns, *urls_documents.urlpatterns,
               *urls_hosting.urlpatterns]
