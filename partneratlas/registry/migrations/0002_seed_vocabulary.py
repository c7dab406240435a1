from django.db import migrations

from partneratlas.registry.vocabulary import seed_vocabulary


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed_vocabulary, migrations.RunPython.noop)]
