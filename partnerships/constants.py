"""The partnership catalogues in the words of the Better Work buyer guide.

Section IV.3 ("What do buyer Partners commit to?") gives the commitments,
section IV.2 the partner benefits. Shared by the data migration, the demo
data and the end-to-end tests through ``services.load_catalogues``.
Codes are stable identifiers: snapshots and signups refer to them.
"""

REQUIRED = "required"
ENCOURAGED = "encouraged"

# (code, title, level, parent code)
COMMITMENTS = (
    ("spirit-and-practice", "Committing to the programme in spirit and practice", REQUIRED, None),
    (
        "governance",
        "Engaging in the governance decisions of the programme (via a buyer representative on the Advisory Committee)",
        REQUIRED,
        None,
    ),
    ("stop-auditing", "Stop auditing factories in Better Work programme", REQUIRED, None),
    ("continuous-improvement", "Support factory in continuous improvement", REQUIRED, None),
    (
        "no-dropping-factories",
        "Not dropping or downgrading factories based on compliance results (provided the factory is making progress)",
        REQUIRED,
        "continuous-improvement",
    ),
    (
        "time-to-improve",
        "Giving sufficient time for sustainable improvements",
        REQUIRED,
        "continuous-improvement",
    ),
    (
        "no-fee-charge-back",
        "Not charging back any of the buyer fees to factories "
        "(the factories already pay for the services they receive).",
        REQUIRED,
        None,
    ),
    (
        "clear-roles",
        "Establishing clear internal roles and responsibilities and lines of communication with Better Work staff.",
        REQUIRED,
        None,
    ),
    (
        "planning-information",
        "Providing information that allows Better Work to effectively plan, "
        "resource and scope services to the benefit of all partners.",
        REQUIRED,
        None,
    ),
    (
        "engage-suppliers",
        "Engaging suppliers and intermediaries to support the programme.",
        REQUIRED,
        None,
    ),
    (
        "sourcing-practices",
        "Examine their own sourcing practices to encourage positive alignment between compliance and sourcing",
        ENCOURAGED,
        None,
    ),
)

# (code, title)
BENEFITS = (
    (
        "governance",
        "Opportunity to help define the future of the programme through "
        "participating in its governance and structure (through Advisory Committee)",
    ),
    ("pr-marketing", "PR and marketing opportunities"),
    (
        "policy-debates",
        "Access to national policy debates and engagement with industry "
        "stakeholders on strategic and cross-sector issues",
    ),
    (
        "quarterly-calls",
        "Quarterly calls with country programmes to update on both sectoral, "
        "programme and factory specific remediation issues",
    ),
    ("prioritised-assessments", "Prioritised assessments and reporting on request"),
    (
        "priority-services",
        "Priority access to special services and pilots e.g. SMS or grievance "
        "procedures projects, environmental and footwear pilots",
    ),
    (
        "factory-activities",
        "Participate in factory level activities e.g. Joint Advisory and Training opportunities",
    ),
    (
        "partner-forums",
        "Access to Partner only Buyers Forum Sessions which commonly include "
        "deep dive sessions into national issues, discussions with local "
        "stakeholders, sessions to define the future priorities and direction "
        "of the programme.",
    ),
)

# (ISO 3166 code, programme name)
COUNTRY_PROGRAMMES = (
    ("BD", "Better Work Bangladesh"),
    ("KH", "Better Work Cambodia"),
    ("EG", "Better Work Egypt"),
    ("ET", "Better Work Ethiopia"),
    ("HT", "Better Work Haiti"),
    ("ID", "Better Work Indonesia"),
    ("JO", "Better Work Jordan"),
    ("NI", "Better Work Nicaragua"),
    ("PK", "Better Work Pakistan"),
    ("LK", "Better Work Sri Lanka"),
    ("VN", "Better Work Vietnam"),
)
