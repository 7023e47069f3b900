"""The portal's roles: which staff may do what (``docs/architecture.md``).

Each role is a Django group with the permissions below, kept up to date
by ``sync_roles`` (a data migration and ``seed_demo`` call it). A focal
point is usually both an Editor and a Decider. The services check the
permissions themselves (``partnerships/services/``); the dashboard and the
admin check them before showing a page.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import transaction

VIEWER, EDITOR, DECIDER, ADMINISTRATOR = "Viewer", "Editor", "Decider", "Administrator"

_READ = [
    "buyers.view_buyer",
    "buyers.view_supplierlist",
    "buyers.view_supplierlistrow",
    "buyers.view_countryprogramme",
    "buyers.view_factory",
    "buyers.view_sourcing",
    "buyers.view_assessment",
    "buyers.view_factoryaudit",
    "buyers.view_signuprequest",
    "partnerships.view_commitment",
    "partnerships.view_commitmentrecord",
    "partnerships.view_benefit",
    "partnerships.view_partnershipdecision",
    "partnerships.view_interaction",
    "partnerships.view_benefitdelivery",
    "partnerships.view_partnerreview",
]
# Contacts are people: their details, and the export that carries the
# list, need permissions of their own.
_PEOPLE = ["buyers.view_contact", "buyers.export_buyer", "partnerships.view_buyermessage"]
# The relationship's day to day: focal points (Editors and Deciders) log
# calls and meetings, their follow-ups and the benefits they deliver.
_RELATIONSHIP = [
    "partnerships.add_interaction",
    "partnerships.change_interaction",
    "partnerships.add_benefitdelivery",
]

ROLES = {
    # Reads the dashboard and the admin; no contact details, no export.
    VIEWER: _READ,
    # Data entry in the admin: buyers, contacts, factories, sourcing,
    # assessments, audits; reviews signups. Choosing a focal point searches
    # the staff list (auth.view_user).
    EDITOR: [
        *_READ,
        *_PEOPLE,
        *(
            f"buyers.{action}_{model}"
            for model in ("buyer", "contact", "factory", "sourcing", "assessment", "factoryaudit")
            for action in ("add", "change")
        ),
        "buyers.change_signuprequest",
        # Receiving, accepting and discarding a buyer's supplier list.
        "buyers.add_supplierlist",
        "buyers.change_supplierlist",
        "auth.view_user",
        *_RELATIONSHIP,
    ],
    # The checklist and partnership decisions.
    DECIDER: [
        *_READ,
        *_PEOPLE,
        "partnerships.add_commitmentrecord",
        "partnerships.change_commitmentrecord",
        "partnerships.decide_partnership",
        "partnerships.add_partnerreview",
        *_RELATIONSHIP,
    ],
    # Staff accounts and roles, and the catalogues.
    ADMINISTRATOR: [
        *_READ,
        *(f"auth.{action}_{model}" for model in ("user", "group") for action in ("add", "change", "view")),
        *(
            f"{label}.{action}_{model}"
            for label, model in (
                ("partnerships", "commitment"),
                ("partnerships", "benefit"),
                ("buyers", "countryprogramme"),
            )
            for action in ("add", "change")
        ),
    ],
}


@transaction.atomic
def sync_roles(*, apps=global_apps, skip_missing: bool = False) -> None:
    """Create the role groups and give each exactly its permissions.

    Idempotent. *apps* is the model registry: a data migration passes its
    historical one. Permissions are made first where missing, since Django
    makes them only after the last migration has run. A migration passes
    *skip_missing*: the models a later migration adds have no permissions
    yet, and ``sync_roles_after_migrate`` gives them once every migration
    has run.
    """
    for label in ("auth", "buyers", "partnerships"):
        app_config = apps.get_app_config(label)
        if getattr(app_config, "models_module", None) is None:
            # A migration's app registry holds stubs, which
            # create_permissions skips unless they claim models.
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codes = {tuple(p.split(".")) for p in wanted}
        permissions = [
            p
            for p in Permission.objects.filter(codename__in={c for _, c in codes}).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codes
        ]
        missing = codes - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing and not skip_missing:
            raise LookupError(f"Role {name} names unknown permissions: {sorted('.'.join(m) for m in missing)}")
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    """Bring the roles up to date after every ``migrate`` (and ``flush``),
    so that a permission added to ``ROLES`` reaches existing databases
    without a migration of its own (connected in ``partnerships/apps.py``)."""
    sync_roles(apps=apps, skip_missing=True)
