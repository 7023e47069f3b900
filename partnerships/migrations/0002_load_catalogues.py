"""Load the commitment and benefit catalogues and the country programmes."""

from django.db import migrations


def load(apps, schema_editor):
    from partnerships.services import load_catalogues

    load_catalogues(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("buyers", "0001_initial"),
        ("partnerships", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
