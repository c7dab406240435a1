from django.urls import path

from partneratlas.editing import import_views, municipalities, places, reconcile, views

app_name = "editing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("partnerships/new/", views.edit, name="new"),
    path("partnerships/<str:uid>/", views.edit, name="edit"),
    path("partnerships/<str:uid>/history/", views.history, name="history"),
    path("partnerships/<str:uid>/history/<int:version>/revert/", views.revert_to, name="revert"),
    path("municipalities/<str:ref>/", municipalities.edit_municipality, name="municipality"),
    path("municipalities/<str:ref>/history/<int:version>/revert/", municipalities.revert_municipality,
         name="municipality-revert"),
    path("names/", municipalities.name_reviews, name="name-reviews"),
    path("imports/", import_views.upload, name="imports"),
    path("imports/<str:job_id>/", import_views.job, name="import"),
    path("imports/<str:job_id>/confirm/", import_views.confirm, name="import-confirm"),
    path("imports/<str:job_id>/report.csv", import_views.report, name="import-report"),
    path("imports/<str:job_id>/settle/", reconcile.settle, name="import-settle"),
    path("imports/<str:job_id>/recheck/", reconcile.recheck, name="import-recheck"),
    path("places/aliases/", places.aliases, name="place-aliases"),
    path("places/proposals/", places.proposals, name="place-proposals"),
]
