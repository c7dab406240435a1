from django.urls import path

from partneratlas.activities import views

app_name = "activities"
urlpatterns = [
    path("partnerships/<uuid:uid>/activities/", views.activity_list, name="list"),
    path("partnerships/<uuid:uid>/activities.csv", views.activity_csv, name="csv"),
    path("partnerships/<uuid:uid>/activities/new/", views.activity_edit, name="new"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/delete/", views.activity_remove, name="delete"),
    path("activities/<int:pk>/history/", views.activity_history, name="history"),
    path("activities/<int:pk>/history/<int:version>/revert/", views.activity_revert, name="revert"),
    path("activities/files/<int:pk>/", views.attachment_file, name="file"),
]
