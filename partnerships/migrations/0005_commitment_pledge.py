"""The signup form's wording of each commitment, in one voice ("As a Buyer
Partner, we will…"); filled in for the catalogue's commitments."""

from django.db import migrations, models


def fill_pledges(apps, schema_editor):
    from partnerships.constants import PLEDGES

    Commitment = apps.get_model("partnerships", "Commitment")
    for code, pledge in PLEDGES.items():
        Commitment.objects.filter(code=code, pledge="").update(pledge=pledge)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_relationship"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="pledge",
            field=models.TextField(
                blank=True,
                help_text="How the signup form asks a buyer to take it on, completing “As a Buyer Partner, we "
                "will…” (e.g. “Stop auditing factories in the Better Work programme”). Blank: the title is shown.",
            ),
        ),
        migrations.RunPython(fill_pledges, migrations.RunPython.noop),
    ]
