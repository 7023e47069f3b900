"""Importing buyers, contacts, sourcing and assessments: what a row of each
must hold and which record it is.

Each ``*Rows`` class checks one kind of row for the admin's import
(``betterwork_portal/admin/imports.py``), the way ``FactoryRows`` does for
factories (``buyers/imports/factories.py``). The rules the rest of the
portal keeps hold here too: a buyer's tier changes only through a
partnership decision, a sourcing ends only with a reason, and factories
are found by the one matching rule (``buyers/selectors/matching.py``).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django_countries import countries

from buyers.imports.columns import Columns
from buyers.imports.reading import Row
from buyers.imports.values import Problems, choice, date_value, model_value, text
from buyers.models import ASSESSMENT_CLUSTERS, Assessment, Buyer, Contact, Sourcing
from buyers.names import normalise_organisation_name
from buyers.selectors.matching import FactoryIndex, Match

YES = {"yes", "y", "true", "1", "x", "✓", "✔"}
NO = {"no", "n", "false", "0", ""}

BUYER_COLUMNS = Columns(
    required=("name", "headquarters_country"),
    optional=(
        "website",
        "tier",
        "partner_since",
        "status",
        "joined_on",
        "focal_point",
        "public_listing_consent",
        "notes",
    ),
)
CONTACT_COLUMNS = Columns(
    required=("buyer", "name", "email"),
    optional=("job_title", "phone", "advisory_committee_representative", "better_work_liaison"),
)
# A factory is named as the factory list names it; the matching rule finds it.
FACTORY_REFERENCE = ("factory", "country_programme")
SOURCING_COLUMNS = Columns(
    required=("buyer", *FACTORY_REFERENCE, "started_on"),
    optional=("city", "os_id", "ended_on", "end_reason"),
)
ASSESSMENT_COLUMNS = Columns(
    required=(*FACTORY_REFERENCE, "cycle", "assessed_on", *ASSESSMENT_CLUSTERS),
    optional=("city", "os_id"),
)


@dataclass
class CheckedRow:
    """A row that can be imported: the fields it sets and the record it
    updates (``None``: a new record)."""

    number: int
    values: dict
    existing: object | None

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return "created"
        if any(getattr(self.existing, name) != value for name, value in self.values.items()):
            return "updated"
        return "unchanged"


class ModelRows:
    """Check the rows of one file in order: each row's values, the record
    it is, and that no two rows are one record."""

    def __init__(self, *, columns):
        self.columns = set(columns)
        self.seen: dict = {}

    def values(self, row: Row, problems: Problems) -> dict:
        raise NotImplementedError

    def existing(self, values: dict, problems: Problems):
        raise NotImplementedError

    def key(self, values: dict):
        raise NotImplementedError

    def clean(self, row: Row) -> CheckedRow:
        problems = Problems()
        values = self.values(row, problems)
        problems.raise_if_any()
        existing = self.existing(values, problems)
        key = self.key(values)
        if key in self.seen:
            problems.add(
                self.repeat_column, f"row {self.seen[key]} is the same {self.noun}; keep one of the two rows."
            )
        self.seen.setdefault(key, row.number)
        problems.raise_if_any()
        return CheckedRow(number=row.number, values=values, existing=existing)

    def optional(self, column: str) -> bool:
        return column in self.columns


def yes_no(row: Row, column: str, problems: Problems) -> bool:
    value = text(row, column, problems).casefold()
    if value in YES:
        return True
    if value not in NO:
        problems.add(column, f"“{value[:20]}” is not yes or no.")
    return False


def country_code(row: Row, column: str, problems: Problems) -> str:
    value = text(row, column, problems)
    if not value:
        problems.add(column, "This field is required.")
        return ""
    if value.upper() in dict(countries):
        return value.upper()
    code = countries.by_name(value)
    if not code:
        problems.add(column, f"“{value[:40]}” is not a country; write its name (Sweden) or its code (SE).")
    return code


class BuyerIndex:
    """Buyers by their name key (kept unique), for rows that name a buyer."""

    def __init__(self):
        self.by_key = {buyer.name_key: buyer for buyer in Buyer.objects.all()}

    def find(self, name: str):
        return self.by_key.get(normalise_organisation_name(name))


def buyer_reference(index: BuyerIndex, row: Row, problems: Problems):
    name = text(row, "buyer", problems)
    if not name:
        problems.add("buyer", "This field is required.")
        return None
    buyer = index.find(name)
    if buyer is None:
        problems.add("buyer", f"No buyer is named “{name[:60]}”; add the buyer first.")
    return buyer


class BuyerRows(ModelRows):
    noun = "buyer"
    repeat_column = "name"

    def __init__(self, *, columns):
        super().__init__(columns=columns)
        self.buyers = BuyerIndex()
        staff = get_user_model().objects.filter(is_staff=True)
        self.staff = {key.casefold(): user for user in staff for key in (user.get_username(), user.email) if key}

    def values(self, row, problems):
        values = {"name": model_value(Buyer, "name", text(row, "name", problems), "name", problems)}
        values["headquarters_country"] = country_code(row, "headquarters_country", problems)
        if self.optional("website"):
            values["website"] = model_value(Buyer, "website", text(row, "website", problems), "website", problems)
        if self.optional("status"):
            values["status"] = choice(row, "status", Buyer.Status.choices, problems, default=Buyer.Status.ACTIVE)
        if self.optional("joined_on"):
            joined = date_value(row, "joined_on", problems)
            if joined is not None:
                values["joined_on"] = joined
        if self.optional("focal_point"):
            wanted = text(row, "focal_point", problems)
            values["focal_point_id"] = None
            if wanted:
                user = self.staff.get(wanted.casefold())
                if user is None:
                    problems.add("focal_point", f"No staff member has the username or email “{wanted[:60]}”.")
                else:
                    values["focal_point_id"] = user.pk
        if self.optional("public_listing_consent"):
            values["public_listing_consent"] = yes_no(row, "public_listing_consent", problems)
        if self.optional("notes"):
            values["notes"] = text(row, "notes", problems)
        return values

    def existing(self, values, problems):
        return self.buyers.find(values["name"] or "")

    def clean(self, row):
        checked = super().clean(row)
        self._keep_the_tier(row, checked.existing)
        return checked

    def _keep_the_tier(self, row, buyer) -> None:
        """A tier changes only through a partnership decision: a file may
        repeat the tier and partner-since date, never change them."""
        problems = Problems()
        current_tier = buyer.tier if buyer else Buyer.Tier.PARTICIPANT
        if self.optional("tier"):
            tier = choice(row, "tier", Buyer.Tier.choices, problems, default=current_tier)
            if tier != current_tier:
                problems.add(
                    "tier",
                    f"the file says {Buyer.Tier(tier).label}, the portal {Buyer.Tier(current_tier).label}: a tier "
                    "changes only through a partnership decision (Decide partnership, on the buyer's admin page).",
                )
        if self.optional("partner_since"):
            since = date_value(row, "partner_since", problems)
            current = buyer.partner_since if buyer else None
            if since != current and "partner_since" not in problems.by_column:
                problems.add("partner_since", "is set by a partnership decision; leave it as the export wrote it.")
        problems.raise_if_any()

    def key(self, values):
        return normalise_organisation_name(values["name"])


class ContactRows(ModelRows):
    noun = "contact"
    repeat_column = "email"

    def __init__(self, *, columns):
        super().__init__(columns=columns)
        self.buyers = BuyerIndex()

    def values(self, row, problems):
        buyer = buyer_reference(self.buyers, row, problems)
        values = {"buyer_id": buyer.pk if buyer else None}
        for column in ("name", "email", "job_title", "phone"):
            if column in ("name", "email") or self.optional(column):
                values[column] = model_value(Contact, column, text(row, column, problems), column, problems)
        if values.get("email"):
            values["email"] = values["email"].lower()
        for column, field in (
            ("advisory_committee_representative", "is_advisory_committee_representative"),
            ("better_work_liaison", "is_better_work_liaison"),
        ):
            if self.optional(column):
                values[field] = yes_no(row, column, problems)
        return values

    def existing(self, values, problems):
        return Contact.objects.filter(buyer_id=values["buyer_id"], email__iexact=values["email"]).first()

    def key(self, values):
        return (values["buyer_id"], values["email"])


class _FactoryReference:
    """Rows that name a factory as the factory list does."""

    def factory(self, row, problems):
        name = text(row, "factory", problems)
        programme = text(row, "country_programme", problems)
        if not name or not programme:
            problems.add("factory", "Name the factory and its country programme.")
            return None
        programme_id = self.programmes.find(programme)
        if programme_id is None:
            problems.add("country_programme", f"“{programme[:60]}” is not a country programme.")
            return None
        found = self.index.match(
            os_id=text(row, "os_id", problems).replace(" ", "").upper() if self.optional("os_id") else "",
            country_programme_id=programme_id,
            name=name,
            city=text(row, "city", problems) if self.optional("city") else "",
        )
        if found.kind == Match.AMBIGUOUS:
            described = ", ".join(f"#{c.pk} in {c.city or 'no city'}" for c in found.candidates)
            problems.add(
                "factory",
                f"matches {len(found.candidates)} programme factories ({described}); add the OS ID or city.",
            )
        elif found.kind == Match.NONE:
            problems.add("factory", f"No programme factory matches “{name[:60]}” in {programme}; import it first.")
        return found.factory


class SourcingRows(_FactoryReference, ModelRows):
    noun = "sourcing"
    repeat_column = "factory"

    def __init__(self, *, columns):
        from buyers.imports.factories import ProgrammeNames

        super().__init__(columns=columns)
        self.buyers = BuyerIndex()
        self.index = FactoryIndex.of_all_factories()
        self.programmes = ProgrammeNames.load()

    def values(self, row, problems):
        buyer = buyer_reference(self.buyers, row, problems)
        factory = self.factory(row, problems)
        started = date_value(row, "started_on", problems)
        if started is None and "started_on" not in problems.by_column:
            problems.add("started_on", "This field is required.")
        ended = date_value(row, "ended_on", problems) if self.optional("ended_on") else None
        reason = choice(row, "end_reason", Sourcing.EndReason.choices, problems) if self.optional("end_reason") else ""
        if ended and not reason:
            problems.add("end_reason", "Give the reason the sourcing ended.")
        if reason and not ended:
            problems.add("ended_on", "Give the day the sourcing ended, or leave the reason empty.")
        if started and ended and ended < started:
            problems.add("ended_on", "The end date cannot be before the start date.")
        return {
            "buyer_id": buyer.pk if buyer else None,
            "factory_id": factory.pk if factory else None,
            "started_on": started,
            "ended_on": ended,
            "end_reason": reason,
        }

    def existing(self, values, problems):
        same = Q(buyer_id=values["buyer_id"], factory_id=values["factory_id"])
        sourcing = Sourcing.objects.filter(same, started_on=values["started_on"]).first()
        if sourcing is None and values["ended_on"] is None:
            open_one = Sourcing.objects.filter(same, ended_on__isnull=True).first()
            if open_one is not None:
                problems.add(
                    "started_on",
                    f"the buyer already sources from this factory since {open_one.started_on:%d/%m/%Y}; "
                    "end that sourcing first, or give its start date.",
                )
        return sourcing

    def key(self, values):
        return (values["buyer_id"], values["factory_id"], values["started_on"])


class AssessmentRows(_FactoryReference, ModelRows):
    noun = "assessment"
    repeat_column = "cycle"

    def __init__(self, *, columns):
        from buyers.imports.factories import ProgrammeNames

        super().__init__(columns=columns)
        self.index = FactoryIndex.of_all_factories()
        self.programmes = ProgrammeNames.load()

    def values(self, row, problems):
        factory = self.factory(row, problems)
        values = {"factory_id": factory.pk if factory else None}
        values["cycle"] = model_value(Assessment, "cycle", text(row, "cycle", problems), "cycle", problems)
        values["assessed_on"] = date_value(row, "assessed_on", problems)
        if values["assessed_on"] is None and "assessed_on" not in problems.by_column:
            problems.add("assessed_on", "This field is required.")
        for cluster in ASSESSMENT_CLUSTERS:
            values[cluster] = model_value(Assessment, cluster, text(row, cluster, problems), cluster, problems)
        return values

    def existing(self, values, problems):
        return Assessment.objects.filter(factory_id=values["factory_id"], cycle=values["cycle"]).first()

    def key(self, values):
        return (values["factory_id"], values["cycle"])
