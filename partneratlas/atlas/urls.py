from django.urls import path

from partneratlas.api import reference
from partneratlas.atlas.views import data, map, pages, search, statistics

app_name = "atlas"

urlpatterns = [
    path("", pages.start, name="start"),
    path("map/", map.map_page, name="map"),
    path("map/data.json", map.map_data, name="map-data"),
    path("map/list/", map.map_list, name="list"),
    path("municipalities/<str:ref>/", pages.municipality, name="municipality"),
    path("municipalities/<str:ref>/partners/", map.partners, name="partners"),
    path("partnerships/<uuid:uid>/", pages.partnership, name="partnership"),
    path("search/", search.search, name="search"),
    path("search/suggest/", search.suggest, name="suggest"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/<slug:dimension>.csv", statistics.statistics_csv, name="statistics-csv"),
    path("data/", data.open_data, name="data"),
    path("data/partnerships.<slug:fmt>", data.download, name="download"),
    path("data/api/", reference.reference_page, name="api"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("imprint/", pages.imprint, name="imprint"),
    path("privacy/", pages.privacy, name="privacy"),
]
