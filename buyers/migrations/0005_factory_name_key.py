"""Store each factory's normalised name, so a signup's listed factories are
matched through an index instead of by reading whole programmes."""

from django.db import migrations, models


def fill_name_keys(apps, schema_editor):
    from buyers.names import factory_name_key

    Factory = apps.get_model("buyers", "Factory")
    factories = list(Factory.objects.only("pk", "name"))
    for factory in factories:
        factory.name_key = factory_name_key(factory.name)
    Factory.objects.bulk_update(factories, ["name_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("buyers", "0004_signup_duplicates_and_submission_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="factory",
            name="name_key",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The name normalised for matching the factories a signup lists.",
                max_length=300,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="factory",
            index=models.Index(fields=["country_programme", "name_key"], name="buyers_factory_programme_name"),
        ),
    ]
