"""What each admin import and export reads and writes: one resource per
kind of file, its columns those of ``buyers/imports/``, its rows checked
there (``betterwork_portal/admin/imports.py`` runs them)."""

from import_export import fields

from betterwork_portal.admin.imports import PortalResource
from buyers.imports.factories import FACTORY_COLUMNS, FactoryRows, ProgrammeNames
from buyers.imports.records import (
    ASSESSMENT_COLUMNS,
    BUYER_COLUMNS,
    CONTACT_COLUMNS,
    SOURCING_COLUMNS,
    AssessmentRows,
    BuyerRows,
    ContactRows,
    SourcingRows,
)
from buyers.models import Assessment, Buyer, Contact, Factory, Sourcing
from buyers.selectors.matching import FactoryIndex
from buyers.services import count_buyer_change

PROGRAMME_HELP = (
    "country_programme may be the programme's name (Better Work Vietnam), its country (Vietnam) or its code (VN)."
)
FACTORY_REFERENCE_HELP = (
    "A factory is named as in the factory list: by its name and country_programme, with its city or OS ID "
    "where two factories share a name. It must be in the portal already: import the factory list first."
)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


class _Meta:
    skip_unchanged = True
    report_skipped = True
    use_transactions = True


class FactoryResource(PortalResource):
    """The programme's factory list (``buyers/imports/factories.py``)."""

    columns = FACTORY_COLUMNS
    import_help = (
        PROGRAMME_HELP,
        "A factory already in the portal is found by its OS ID, else by its name in its country programme (and its "
        "city, where two share a name): it is updated, not added twice. Two rows for one factory are refused.",
        "sector is one of Garment, Footwear, Travel goods and bags, Textiles, Other; workers is a whole number; "
        "an OS ID looks like BD2019105Q2B6X9.",
    )
    country_programme = fields.Field(attribute="country_programme__name", column_name="country_programme")
    sector = fields.Field(attribute="get_sector_display", column_name="sector")

    class Meta(_Meta):
        model = Factory
        fields = FACTORY_COLUMNS.all
        export_order = FACTORY_COLUMNS.all
        import_id_fields = ("name",)

    def make_checker(self, present_columns):
        return FactoryRows(
            index=FactoryIndex.of_all_factories(), programmes=ProgrammeNames.load(), columns=present_columns
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("country_programme")


class _CountsBuyerChanges:
    """An import that changes a buyer, its contacts or its sourcing counts
    the change in the buyer's version (``buyers/services/versions.py``), so that an
    admin page drawn before the import cannot save over it."""

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not kwargs.get("dry_run"):
            count_buyer_change(buyer=instance if isinstance(instance, Buyer) else instance.buyer)


class BuyerResource(_CountsBuyerChanges, PortalResource):
    columns = BUYER_COLUMNS
    import_help = (
        "A buyer already in the portal is found by its name, however it is written (Acme Ltd. is ACME LTD).",
        "headquarters_country is a country's name or code (Sweden or SE); focal_point a staff member's username or "
        "email; dates read 2026-03-31 or 31/03/2026; public_listing_consent is yes or no.",
        "tier and partner_since are written by partnership decisions: a file may repeat them as exported, never "
        "change them. New buyers join as participants.",
    )
    headquarters_country = fields.Field(attribute="headquarters_country__code", column_name="headquarters_country")
    tier = fields.Field(attribute="get_tier_display", column_name="tier")
    status = fields.Field(attribute="get_status_display", column_name="status")
    focal_point = fields.Field(attribute="focal_point__username", column_name="focal_point")
    public_listing_consent = fields.Field(column_name="public_listing_consent")

    class Meta(_Meta):
        model = Buyer
        fields = BUYER_COLUMNS.all
        export_order = BUYER_COLUMNS.all
        import_id_fields = ("name",)

    def make_checker(self, present_columns):
        return BuyerRows(columns=present_columns)

    def dehydrate_public_listing_consent(self, buyer):
        return _yes_no(buyer.public_listing_consent)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("focal_point")


class ContactResource(_CountsBuyerChanges, PortalResource):
    columns = CONTACT_COLUMNS
    import_help = (
        "buyer is the buyer's name as the portal has it. A contact is found by its buyer and email.",
        "advisory_committee_representative and better_work_liaison are yes or no.",
    )
    buyer = fields.Field(attribute="buyer__name", column_name="buyer")
    advisory_committee_representative = fields.Field(column_name="advisory_committee_representative")
    better_work_liaison = fields.Field(column_name="better_work_liaison")

    class Meta(_Meta):
        model = Contact
        fields = CONTACT_COLUMNS.all
        export_order = CONTACT_COLUMNS.all
        import_id_fields = ("email",)

    def make_checker(self, present_columns):
        return ContactRows(columns=present_columns)

    def dehydrate_advisory_committee_representative(self, contact):
        return _yes_no(contact.is_advisory_committee_representative)

    def dehydrate_better_work_liaison(self, contact):
        return _yes_no(contact.is_better_work_liaison)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("buyer")


class _NamesAFactory(PortalResource):
    """A file whose rows name a factory as the factory list does: its name,
    country programme, city and OS ID (``buyers/imports/records.py``)."""

    factory = fields.Field(attribute="factory__name", column_name="factory")
    country_programme = fields.Field(attribute="factory__country_programme__name", column_name="country_programme")
    city = fields.Field(attribute="factory__city", column_name="city")
    os_id = fields.Field(attribute="factory__os_id", column_name="os_id")


class SourcingResource(_CountsBuyerChanges, _NamesAFactory):
    columns = SOURCING_COLUMNS
    import_help = (
        "buyer is the buyer's name as the portal has it. " + FACTORY_REFERENCE_HELP,
        "A sourcing is found by its buyer, factory and started_on. An ended sourcing has both ended_on and "
        "end_reason (Volume, Factory closed, Compliance results, Other).",
    )
    buyer = fields.Field(attribute="buyer__name", column_name="buyer")
    end_reason = fields.Field(attribute="get_end_reason_display", column_name="end_reason")

    class Meta(_Meta):
        model = Sourcing
        fields = SOURCING_COLUMNS.all
        export_order = SOURCING_COLUMNS.all
        import_id_fields = ("started_on",)

    def make_checker(self, present_columns):
        return SourcingRows(columns=present_columns)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("buyer", "factory__country_programme")


class AssessmentResource(_NamesAFactory):
    columns = ASSESSMENT_COLUMNS
    import_help = (
        FACTORY_REFERENCE_HELP,
        "An assessment is found by its factory and cycle. Each cluster is its non-compliance rate in per cent, "
        "0 to 100.",
    )

    class Meta(_Meta):
        model = Assessment
        fields = ASSESSMENT_COLUMNS.all
        export_order = ASSESSMENT_COLUMNS.all
        import_id_fields = ("cycle",)

    def make_checker(self, present_columns):
        return AssessmentRows(columns=present_columns)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("factory__country_programme")
