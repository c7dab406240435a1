"""Records that administrations edited before edits were kept through reloads: mark what they edited."""

from django.db import migrations


def forwards(apps, schema_editor):
    Revision = apps.get_model("history", "Revision")
    Municipality = apps.get_model("gazetteer", "Municipality")
    states: dict[int, list] = {}
    for object_id, via, state in Revision.objects.filter(kind="municipality").order_by(
            "object_id", "version").values_list("object_id", "via", "state"):
        states.setdefault(object_id, []).append((via, state))
    for object_id, versions in states.items():
        edited = set()
        for (_before_via, before), (via, after) in zip(versions, versions[1:]):
            if via != "gazetteer":
                edited |= {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        if edited:
            Municipality.objects.filter(pk=object_id).update(edited_fields=sorted(edited))


class Migration(migrations.Migration):
    dependencies = [("gazetteer", "0003_edited_fields_name_review"), ("history", "0002_move_revisions")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
