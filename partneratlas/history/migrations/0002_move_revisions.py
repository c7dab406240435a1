"""Move the partnerships' and municipalities' revisions into the one history.

Authors who were people keep their user link and lose the copied name or address (the
history shows the person from the account); revisions whose account was deleted say so.
"""

from django.db import migrations

DELETED = {"deleted account", "gelöschtes Konto", "已删除的账户", "已删除账户"}


def forwards(apps, schema_editor):
    Revision = apps.get_model("history", "Revision")
    PartnershipRevision = apps.get_model("registry", "Revision")
    MunicipalityRevision = apps.get_model("editing", "MunicipalityRevision")
    moved = []
    for r in PartnershipRevision.objects.order_by("id").iterator(chunk_size=2000):
        deleted = r.user_id is None and r.author in DELETED
        moved.append(Revision(kind="partnership", object_id=r.partnership_id, version=r.version, at=r.at,
                              user_id=r.user_id, user_deleted=deleted,
                              author="" if r.user_id or deleted else r.author, via=r.via, changed=r.changed,
                              state=r.state))
        if len(moved) >= 2000:
            Revision.objects.bulk_create(moved)
            moved = []
    for r in MunicipalityRevision.objects.order_by("id").iterator(chunk_size=2000):
        deleted = r.user_id is None and r.author in DELETED
        person = r.user_id is not None or deleted
        moved.append(Revision(kind="municipality", object_id=r.municipality_id, version=r.version, at=r.at,
                              user_id=r.user_id, user_deleted=deleted, author="",
                              via="edit" if person else "gazetteer", changed=[], state=r.state))
    Revision.objects.bulk_create(moved)


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("registry", "0006_publication_contacts_revisions"),
        ("editing", "0002_municipalityrevision"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
