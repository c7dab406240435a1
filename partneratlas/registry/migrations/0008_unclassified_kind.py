from django.db import migrations

from partneratlas.registry.vocabulary import add_unclassified_and_aliases


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_delete_revision")]
    operations = [migrations.RunPython(add_unclassified_and_aliases, migrations.RunPython.noop)]
