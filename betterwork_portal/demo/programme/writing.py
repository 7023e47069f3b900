"""Writing the demo dataset: insert what is missing, change nothing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from betterwork_portal.demo.programme.dataset import DemoPlan, moment
from betterwork_portal.demo.programme.relationship import write_relationship
from betterwork_portal.demo.programme.vocabulary import FOCAL_POINTS
from buyers.models import (
    ASSESSMENT_CLUSTERS,
    Assessment,
    Buyer,
    Contact,
    CountryProgramme,
    Factory,
    FactoryAudit,
    SignupRequest,
    Sourcing,
)
from buyers.names import buyer_match_keys, factory_match_keys
from partnerships import roles
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from partnerships.services import refresh_checklist_summaries

STAFF_USERNAME = "staff"
STAFF_PASSWORD = "betterwork-demo"  # noqa: S105 - a published demo login; the command refuses production


class DemoDataError(Exception):
    """The database refused rows the rest of the demo data depends on."""


class _NoProgress:
    """Stand-in for a tqdm bar when the caller shows no progress."""

    def update(self, n=1):
        pass

    def set_description_str(self, text):
        pass


# One demo login per role (partnerships/roles.py), with the published
# password; the main login is a focal point: an Editor and a Decider.
ROLE_LOGINS = (
    ("viewer", "Vera", "Viewer", (roles.VIEWER,)),
    ("editor", "Eddie", "Editor", (roles.EDITOR,)),
    ("decider", "Dana", "Decider", (roles.DECIDER,)),
    ("administrator", "Ada", "Administrator", (roles.ADMINISTRATOR,)),
)
FOCAL_POINT_ROLES = (roles.EDITOR, roles.DECIDER)


def ensure_staff_users() -> tuple[dict[str, int], list[tuple[str, tuple[str, ...], bool]]]:
    """Create the demo logins and the focal points, where missing, each with
    its roles.

    Return ``({username: user id}, [(login, roles, has_demo_password)])``.
    The ``staff`` login and the focal points are Editors and Deciders, as
    focal points usually are; the focal points get no usable password:
    they own relationships, they are not logins. Each role has a login of
    its own too. Nobody gets a permission outside the roles (no delete).
    An existing user keeps its password.
    """
    roles.sync_roles()
    groups = {group.name: group for group in Group.objects.all()}
    User = get_user_model()

    def ensure(username, first, last, role_names, *, login):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@betterwork.test",
                "is_staff": True,
            },
        )
        if created:
            if login:
                user.set_password(STAFF_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.user_permissions.clear()
        user.groups.set([groups[name] for name in role_names])
        return user, created or (login and user.check_password(STAFF_PASSWORD))

    ids, logins = {}, []
    for username, first, last, role_names, login in (
        (STAFF_USERNAME, "Demo", "Staff", FOCAL_POINT_ROLES, True),
        *((username, first, last, role_names, True) for username, first, last, role_names in ROLE_LOGINS),
        *((username, first, last, FOCAL_POINT_ROLES, False) for username, first, last in FOCAL_POINTS),
    ):
        user, has_demo_password = ensure(username, first, last, role_names, login=login)
        ids[username] = user.pk
        if login:
            logins.append((username, tuple(role_names), has_demo_password))
    return ids, logins


class _Writer:
    """Insert planned rows model by model, keeping count of what it did."""

    def __init__(self, *, batch_size: int, progress):
        self.batch_size = batch_size
        self.progress = progress or _NoProgress()
        self.inserted: dict[str, int] = {}
        self.skipped: dict[str, int] = {}

    def insert_missing(self, model, key_fields, planned, build, *, queryset=None, history=False, needed=False):
        """Insert the planned rows whose natural key the table lacks.

        *planned* yields ``(key, item)`` and *build* turns an item into an
        unsaved instance. Return ``{key: pk}`` for the whole table and
        the set of keys inserted now.
        Conflicts are ignored, so a run alongside another cannot fail on a
        duplicate; the keys are read back, and a planned row still missing
        (a conflict on another unique constraint, or a CHECK failure that
        SQLite's INSERT OR IGNORE drops silently) is counted as skipped,
        or raises ``DemoDataError`` when later rows need it (*needed*).
        """
        queryset = model._default_manager.all() if queryset is None else queryset
        label = str(model._meta.verbose_name_plural)
        self.progress.set_description_str(label)
        existing = set(queryset.values_list(*key_fields))
        keys, missing = [], []
        for key, item in planned:
            keys.append(key)
            if key not in existing:
                existing.add(key)
                missing.append((key, item))
        self.progress.update(len(keys) - len(missing))
        new = []
        # Instances are built a batch at a time: at benchmark sizes, all of
        # them at once would take a gigabyte. Those with history are kept
        # to write their history rows once their ids are known.
        for start in range(0, len(missing), self.batch_size):
            batch = [(key, build(item)) for key, item in missing[start : start + self.batch_size]]
            objs = [obj for _, obj in batch]
            model._default_manager.bulk_create(objs, batch_size=self.batch_size, ignore_conflicts=True)
            if history:
                new.extend(batch)
            self.progress.update(len(batch))
        ids = {tuple(row[:-1]): row[-1] for row in queryset.values_list(*key_fields, "pk")}
        refused = [key for key in keys if key not in ids]
        if refused and needed:
            raise DemoDataError(f"The database refused {len(refused)} {label}, for example {refused[0]}.")
        created = {key for key, _ in missing if key in ids}
        if history and new:
            new = [(key, obj) for key, obj in new if key in created]
            for key, obj in new:
                obj.pk = ids[key]
            model.history.bulk_history_create(
                [obj for _, obj in new], batch_size=self.batch_size, default_change_reason="Demo data"
            )
        self.inserted[label] = len(created)
        if refused:
            self.skipped[label] = len(refused)
        return ids, created


def write_demo(plan: DemoPlan, *, batch_size: int = 2000, progress=None) -> dict:
    """Insert the rows of *plan* that the database lacks; change none.

    Rows are matched on natural keys: factories on OS ID, assessments on
    factory and cycle, buyers on their normalised name, contacts on email,
    sourcing on factory and start day, records on commitment, decisions on
    their time, audits on factory and day, signups on reference. A factory
    or buyer already in the database (from another size or seed, or a real
    one of the same name) is left alone: its assessments, contacts,
    sourcing, checklist and decisions are written only with it, so a
    partner's approval never lands on a participant. Run it in a
    transaction. Return ``{"inserted": {model: n}, "skipped": {model: n},
    "logins": [(username, roles, has_demo_password)]}``; models are named by verbose plural.

    ``bulk_create`` skips ``save()``, so the derived buyer keys are set
    here, and the "created" history rows are written explicitly, dated
    when the row came about in the story (joined, started, changed).
    """
    users, logins = ensure_staff_users()
    writer = _Writer(batch_size=batch_size, progress=progress)
    programme_ids = dict(CountryProgramme.objects.values_list("country", "pk"))
    commitment_ids = dict(Commitment.objects.values_list("code", "pk"))
    User = get_user_model()

    def dated(obj, when, user_id=None):
        obj._history_date = when
        obj._history_user = User(pk=user_id) if user_id else None
        return obj

    factory_ids, new_factories = writer.insert_missing(
        Factory,
        ("os_id",),
        (((f.os_id,), f) for f in plan.factories),
        lambda f: Factory(
            os_id=f.os_id,
            name=f.name,
            # bulk_create skips save(), which derives the key.
            **factory_match_keys(name=f.name),
            country_programme_id=programme_ids[f.country],
            city=f.city,
            address=f.address,
            sector=f.sector,
            workers=f.workers,
        ),
        queryset=Factory.objects.exclude(os_id=""),
        needed=True,
    )

    def factory_id(os_id):
        return factory_ids[(os_id,)]

    writer.insert_missing(
        Assessment,
        ("factory_id", "cycle"),
        (
            ((factory_id(f.os_id), a[0]), (f.os_id, *a))
            for f in plan.factories
            if (f.os_id,) in new_factories
            for a in f.assessments
        ),
        lambda a: Assessment(
            factory_id=factory_id(a[0]),
            cycle=a[1],
            assessed_on=a[2],
            **dict(zip(ASSESSMENT_CLUSTERS, a[3], strict=True)),
        ),
    )

    buyer_ids, new_buyers = writer.insert_missing(
        Buyer,
        ("name_key",),
        (((b.name_key,), b) for b in plan.buyers),
        lambda b: dated(
            Buyer(
                name=b.name,
                headquarters_country=b.headquarters_country,
                website=b.website,
                # bulk_create skips save(), which derives the keys.
                **buyer_match_keys(name=b.name, website=b.website),
                tier=b.tier,
                status=b.status,
                joined_on=b.joined_on,
                partner_since=b.partner_since,
                focal_point_id=users.get(b.focal_point),
                public_listing_consent=b.public_listing_consent,
                notes=b.notes,
            ),
            moment(b.joined_on),
        ),
        history=True,
        needed=True,
    )
    with_ids = [(buyer_ids[(b.name_key,)], b) for b in plan.buyers if (b.name_key,) in new_buyers]

    writer.insert_missing(
        Contact,
        ("buyer_id", "email"),
        (((pk, c["email"]), (pk, c)) for pk, b in with_ids for c in b.contacts),
        lambda item: Contact(buyer_id=item[0], **item[1]),
    )

    writer.insert_missing(
        Sourcing,
        ("buyer_id", "factory_id", "started_on"),
        (((pk, factory_id(s[0]), s[1]), (pk, s)) for pk, b in with_ids for s in b.sourcings),
        lambda item: dated(
            Sourcing(
                buyer_id=item[0],
                factory_id=factory_id(item[1][0]),
                started_on=item[1][1],
                ended_on=item[1][2],
                end_reason=item[1][3],
            ),
            moment(item[1][1]),
        ),
        history=True,
    )

    def build_record(item) -> CommitmentRecord:
        pk, code, fields = item
        changed_by = users.get(fields["changed_by"])
        values = {k: v for k, v in fields.items() if k != "changed_by"}
        record = CommitmentRecord(buyer_id=pk, commitment_id=commitment_ids[code], changed_by_id=changed_by, **values)
        return dated(record, fields["changed_at"], changed_by)

    writer.insert_missing(
        CommitmentRecord,
        ("buyer_id", "commitment_id"),
        (((pk, commitment_ids[code]), (pk, code, r)) for pk, b in with_ids for code, r in b.records.items()),
        build_record,
        history=True,
    )

    # The records went in with bulk_create, around the checklist service:
    # their buyers' summaries are brought up to date here, in the same
    # transaction (partnerships/services/checklist_summaries.py).
    refresh_checklist_summaries(buyer_ids=[pk for pk, _ in with_ids])

    writer.insert_missing(
        PartnershipDecision,
        ("buyer_id", "decided_at"),
        (((pk, d["decided_at"]), (pk, d)) for pk, b in with_ids for d in b.decisions),
        lambda item: PartnershipDecision(
            buyer_id=item[0],
            decided_by_id=users[item[1]["decided_by"]],
            **{k: v for k, v in item[1].items() if k != "decided_by"},
        ),
    )

    writer.insert_missing(
        FactoryAudit,
        ("buyer_id", "factory_id", "audited_on"),
        (((pk, factory_id(a["factory"]), a["audited_on"]), (pk, a)) for pk, b in with_ids for a in b.audits),
        lambda item: dated(
            FactoryAudit(
                buyer_id=item[0],
                factory_id=factory_id(item[1]["factory"]),
                recorded_by_id=users.get(item[1]["recorded_by"]),
                **{k: v for k, v in item[1].items() if k not in ("factory", "recorded_by")},
            ),
            item[1]["recorded_at"],
            users.get(item[1]["recorded_by"]),
        ),
        history=hasattr(FactoryAudit, "history"),
    )

    relationship = write_relationship(with_ids, users, STAFF_USERNAME)
    if relationship:
        writer.inserted["interactions, benefits delivered and yearly reviews"] = relationship

    writer.insert_missing(
        SignupRequest,
        ("reference",),
        (((s["reference"],), s) for s in plan.signups),
        lambda s: dated(
            SignupRequest(
                possible_duplicate_of_id=buyer_ids[(s["possible_duplicate_of"],)]
                if s["possible_duplicate_of"]
                else None,
                **{k: v for k, v in s.items() if k != "possible_duplicate_of"},
                **SignupRequest.keys_as_stored(buyer_match_keys(name=s["organisation_name"], website=s["website"])),
            ),
            s["submitted_at"],
        ),
        history=True,
    )
    return {"inserted": writer.inserted, "skipped": writer.skipped, "logins": logins}
