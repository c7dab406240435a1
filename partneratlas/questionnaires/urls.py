from django.urls import path

from partneratlas.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/<int:number>/", views.version, name="version"),
    path("<slug:code>/<int:number>/publish/", views.publish, name="publish"),
    path("<slug:code>/<int:number>/clone/", views.clone, name="clone"),
    path("<slug:code>/<int:number>/export.json", views.export, name="export"),
    path("<slug:code>/<int:number>/texts/", views.texts, name="texts"),
    path("<slug:code>/<int:number>/preview/", views.preview, name="preview"),
]
