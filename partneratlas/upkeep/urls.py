from django.urls import path

from partneratlas.upkeep import views

app_name = "upkeep"
urlpatterns = [
    path("propose/", views.propose, name="propose"),
    path("edit/proposals/", views.proposals, name="proposals"),
    path("edit/proposals/<int:pk>/", views.proposal, name="proposal"),
    path("edit/partnerships/<str:uid>/verify/", views.verify, name="verify"),
]
