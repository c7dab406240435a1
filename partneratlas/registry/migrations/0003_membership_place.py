import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE registry_membership SET
  country_id = (SELECT country_id FROM gazetteer_municipality WHERE gazetteer_municipality.id = municipality_id),
  region_id = (SELECT region_id FROM gazetteer_municipality WHERE gazetteer_municipality.id = municipality_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("gazetteer", "0002_labels"),
        ("registry", "0002_seed_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="country",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="gazetteer.country"),
        ),
        migrations.AddField(
            model_name="membership",
            name="region",
            field=models.ForeignKey(blank=True, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to="gazetteer.region"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="membership",
            name="country",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="gazetteer.country"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["country", "partnership"], name="registry_me_country_a19a60_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["region", "partnership"], name="registry_me_region__c04531_idx"),
        ),
    ]
