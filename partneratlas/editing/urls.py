from django.urls import path

from partneratlas.editing import views

app_name = "editing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("partnerships/new/", views.edit, name="new"),
    path("partnerships/<str:uid>/", views.edit, name="edit"),
    path("partnerships/<str:uid>/history/", views.history, name="history"),
    path("partnerships/<str:uid>/history/<int:version>/revert/", views.revert_to, name="revert"),
]
