"""Every registered model's admin pages answer staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from tests.admin.registry import FACTORY_BY_MODEL, NO_ADD_PAGE, admin_url

pytestmark = pytest.mark.django_db
# Machinery, not data: the data's versions (buyers/models/data_version.py) are
# written by the database's triggers alone, and the checklist summaries
# (partnerships/services/checklist_summaries.py) by the services alone.
NOT_IN_THE_ADMIN = {"buyers.tableversion", "partnerships.checklistsummary"}


def test_admin_registers_every_model_of_both_apps():
    models = {
        model._meta.label_lower
        for app_label in ("buyers", "partnerships")
        for model in apps.get_app_config(app_label).get_models()
        if not issubclass(model, HistoricalChanges)
    } - NOT_IN_THE_ADMIN

    assert models == set(FACTORY_BY_MODEL)
    assert {label for label in models if not admin.site.is_registered(apps.get_model(label))} == set()


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_changelist_answers_staff(staff_client, label):
    FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(set(FACTORY_BY_MODEL) - NO_ADD_PAGE))
def test_admin_add_page_answers_staff(staff_client, label):
    response = staff_client.get(admin_url(label, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(NO_ADD_PAGE))
def test_admin_add_page_is_refused_for_rows_only_a_service_writes(staff_client, label):
    assert staff_client.get(admin_url(label, "add")).status_code == 403


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_change_page_answers_staff(staff_client, label):
    obj = FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "change", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(FACTORY_BY_MODEL))
def test_admin_search_answers_staff(staff_client, label):
    FACTORY_BY_MODEL[label]()

    response = staff_client.get(admin_url(label, "changelist"), {"q": "a"})

    assert response.status_code == 200
