"""Loading the catalogues of section IV of the buyer guide."""

from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.db import transaction

from partnerships.constants import BENEFITS, COMMITMENTS, COUNTRY_PROGRAMMES, PLEDGES
from partnerships.models import Commitment
from partnerships.services.checklist_summaries import refresh_checklist_summaries

COMMITMENT_PERMISSION = "partnerships.change_commitment"


@transaction.atomic
def load_catalogues(*, apps=global_apps) -> None:
    """Load the commitment and benefit catalogues and the country programmes.

    The wording comes from section IV of the buyer guide
    (``partnerships.constants``). Idempotent: rows are matched by code, their
    wording and order brought up to date, and ``is_active`` is set only when
    a row is created, so a commitment staff retired stays retired.

    *apps* is the model registry to use: the data migration passes its
    historical one, everything else the live one. The end-to-end tests call
    this again because the live server flushes migration-loaded rows.
    A level brought up to date changes what counts for eligibility, so the
    checklist summaries are refreshed (not in the data migration, which
    runs before they exist and before any record does).
    """
    CountryProgramme = apps.get_model("buyers", "CountryProgramme")
    Catalogue = apps.get_model("partnerships", "Commitment")
    Benefit = apps.get_model("partnerships", "Benefit")

    for country, name in COUNTRY_PROGRAMMES:
        CountryProgramme.objects.update_or_create(
            country=country, defaults={"name": name}, create_defaults={"name": name, "is_active": True}
        )

    # The pledge wording came with migration 0005; the data migration 0002
    # runs on a model that does not have it yet.
    has_pledge = any(field.name == "pledge" for field in Catalogue._meta.get_fields())
    by_code = {}
    for position, (code, title, level, parent_code) in enumerate(COMMITMENTS, start=1):
        values = {
            "title": title,
            "level": level,
            "position": position * 10,
            "parent": by_code.get(parent_code),
        }
        if has_pledge:
            values["pledge"] = PLEDGES.get(code, "")
        by_code[code], _ = Catalogue.objects.update_or_create(
            code=code, defaults=values, create_defaults={**values, "is_active": True}
        )

    for position, (code, title) in enumerate(BENEFITS, start=1):
        values = {"title": title, "position": position * 10}
        Benefit.objects.update_or_create(code=code, defaults=values, create_defaults={**values, "is_active": True})
    if apps is global_apps:
        refresh_checklist_summaries()


@transaction.atomic
def save_commitment(*, commitment: Commitment, changed_by) -> Commitment:
    """Save a commitment of the catalogue as staff entered or changed it
    (the admin's commitment page), and bring every buyer's checklist
    summary up to date with it.

    Retiring a commitment, bringing one back or changing its level changes
    what every buyer's checklist counts for eligibility
    (``partnerships/selectors/eligibility.py``), so every summary is
    refreshed in the same transaction: one grouped query over the records.

    Raises ``PermissionDenied`` unless *changed_by* may change commitments.
    """
    permission = COMMITMENT_PERMISSION if commitment.pk else "partnerships.add_commitment"
    if not changed_by.has_perm(permission):
        raise PermissionDenied("You do not have permission to change the commitment catalogue.")
    commitment.save()
    refresh_checklist_summaries()
    return commitment
