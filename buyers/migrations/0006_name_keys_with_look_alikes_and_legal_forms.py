"""Derive every buyer's and factory's name key again: the key now folds
look-alike letters of other scripts, dots and apostrophes inside a word,
and legal forms at the end (buyers/names.py)."""

from collections import defaultdict

from django.db import migrations


def derive_name_keys(apps, schema_editor):
    from buyers.names import buyer_match_keys, factory_match_keys

    Buyer = apps.get_model("buyers", "Buyer")
    buyers = list(Buyer.objects.only("pk", "name", "website"))
    same_key = defaultdict(list)
    for buyer in buyers:
        buyer.name_key = buyer_match_keys(name=buyer.name, website=buyer.website)["name_key"]
        same_key[buyer.name_key].append(buyer.name)
    clashes = [names for names in same_key.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" = ".join(f"“{name}”" for name in names) for names in clashes)
        raise RuntimeError(
            f"These buyers are one organisation by the new name key: {listed}. "
            "Rename or merge them in the admin, then migrate again."
        )
    Buyer.objects.bulk_update(buyers, ["name_key"], batch_size=2000)

    Factory = apps.get_model("buyers", "Factory")
    factories = list(Factory.objects.only("pk", "name"))
    for factory in factories:
        factory.name_key = factory_match_keys(name=factory.name)["name_key"]
    Factory.objects.bulk_update(factories, ["name_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("buyers", "0005_factory_name_key"),
    ]

    operations = [
        migrations.RunPython(derive_name_keys, migrations.RunPython.noop),
    ]
