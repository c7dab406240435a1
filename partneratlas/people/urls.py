from django.urls import path

from partneratlas.people import views

app_name = "people"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<int:organisation_id>/invite/", views.invite_to, name="invite"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept"),
    path("language/", views.language, name="language"),
    path("my-data.json", views.my_data, name="my_data"),
    path("delete/", views.delete_me, name="delete"),
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_page, name="token-revoke"),
]
