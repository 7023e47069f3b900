"""Demo data: a programme shaped like the real one, for trying the portal.

``seed_demo`` calls ``plan_demo`` to build the whole dataset in memory from
a seed, then ``write_demo`` to insert whatever of it the database lacks.
Planning touches no database and draws every choice from one seeded
``random.Random``, so a size and a seed always give the same rows. Writing
matches rows on their natural keys and inserts only the missing ones, so a
second run inserts nothing and changes nothing.

Dates count back from the fixed ``REFERENCE_DATE``, not from today: a run
next month must find the rows of this month's run (decisions are matched on
their time), and tests must not drift with the calendar.

The shape (factories per country programme, about 40 partners and 150
participants per 1,800 factories, one to six yearly assessments) follows
the real programme's (``docs/architecture.md``, "Demo data"). Organisations and people are invented;
websites and emails use the reserved ``.example`` and ``.test`` domains, so
no email the portal sends about demo data can reach anyone.

Modules: ``vocabulary`` (names, places, evidence notes), ``dataset``
(dates, sizes, planned rows), ``factories``, ``buyers`` and ``checklists``
(the parts of the planner), ``planning`` (``plan_demo``) and ``writing``
(``write_demo``).
"""

from betterwork_portal.demo.programme.dataset import DEFAULT_FACTORIES, DEFAULT_SEED, REFERENCE_DATE, DemoPlan
from betterwork_portal.demo.programme.planning import active_commitments, demo_size, plan_demo
from betterwork_portal.demo.programme.writing import (
    STAFF_PASSWORD,
    STAFF_USERNAME,
    DemoDataError,
    ensure_staff_users,
    write_demo,
)

__all__ = [
    "DEFAULT_FACTORIES",
    "DEFAULT_SEED",
    "REFERENCE_DATE",
    "STAFF_PASSWORD",
    "STAFF_USERNAME",
    "DemoDataError",
    "DemoPlan",
    "active_commitments",
    "demo_size",
    "ensure_staff_users",
    "plan_demo",
    "write_demo",
]
