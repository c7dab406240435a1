from django.contrib import admin

from partneratlas.gazetteer.models import Country, Municipality, Region
from partneratlas.provenance import PROVENANCE_FORMFIELDS


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "country", "region", "kind", "population", "ref"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "ref", "wikidata_qid", "ags"]
    raw_id_fields = ["region"]
    formfield_overrides = PROVENANCE_FORMFIELDS


admin.site.register(Country)
admin.site.register(Region)
