from django.db import migrations

from partneratlas.activities.vocabulary import seed_kinds


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed_kinds, migrations.RunPython.noop)]
