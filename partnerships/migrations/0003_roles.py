"""Create the role groups: Viewer, Editor, Decider, Administrator
(partnerships/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from partnerships.roles import sync_roles

    # Later models' permissions come after their migrations, from
    # sync_roles_after_migrate.
    sync_roles(apps=apps, skip_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("buyers", "0008_buyer_export_permission"),
        ("partnerships", "0002_load_catalogues"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
