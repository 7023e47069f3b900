"""POST data for the admin's buyer pages, as a browser would send them."""

from buyers.models import Buyer
from tests.admin.registry import admin_url


def buyer_form_data(client, **fields):
    """Return complete POST data for the buyer add form: the buyer's fields
    and an empty management form for every inline on the page."""
    response = client.get(admin_url("buyers.buyer", "add"))
    data = {
        "name": "ACME, Inc.",
        "headquarters_country": "US",
        "website": "https://www.acme.example.com/",
        "status": Buyer.Status.ACTIVE,
        "joined_on": "2024-01-10",
        "focal_point": "",
        "tier": Buyer.Tier.PARTICIPANT,
        "partner_since": "",
        "public_listing_consent": "",
        "notes": "",
    }
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


def change_form_data(client, buyer):
    """Return the buyer change form's data as the browser would send it."""
    response = client.get(admin_url("buyers.buyer", "change", buyer.pk))
    data = {}
    for form in [response.context["adminform"].form] + [
        form for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
