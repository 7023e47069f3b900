"""The partnership catalogues in the words of the Better Work buyer guide.

Section IV.3 ("What do buyer Partners commit to?") gives the commitments,
section IV.2 the partner benefits. Shared by the data migration, the demo
data and the end-to-end tests through ``services.load_catalogues``.
Codes are stable identifiers: snapshots and signups refer to them.
"""

REQUIRED = "required"
ENCOURAGED = "encouraged"

# The commitments' codes. Code that watches a commitment names it by one of
# these, so that a rename here cannot silently stop the watching.
SPIRIT_AND_PRACTICE = "spirit-and-practice"
GOVERNANCE = "governance"
STOP_AUDITING = "stop-auditing"
CONTINUOUS_IMPROVEMENT = "continuous-improvement"
NO_DROPPING_FACTORIES = "no-dropping-factories"
TIME_TO_IMPROVE = "time-to-improve"
NO_FEE_CHARGE_BACK = "no-fee-charge-back"
CLEAR_ROLES = "clear-roles"
PLANNING_INFORMATION = "planning-information"
ENGAGE_SUPPLIERS = "engage-suppliers"
SOURCING_PRACTICES = "sourcing-practices"

# (code, title, level, parent code)
COMMITMENTS = (
    (SPIRIT_AND_PRACTICE, "Committing to the programme in spirit and practice", REQUIRED, None),
    (
        GOVERNANCE,
        "Engaging in the governance decisions of the programme (via a buyer representative on the Advisory Committee)",
        REQUIRED,
        None,
    ),
    (STOP_AUDITING, "Stop auditing factories in Better Work programme", REQUIRED, None),
    (CONTINUOUS_IMPROVEMENT, "Support factory in continuous improvement", REQUIRED, None),
    (
        NO_DROPPING_FACTORIES,
        "Not dropping or downgrading factories based on compliance results (provided the factory is making progress)",
        REQUIRED,
        CONTINUOUS_IMPROVEMENT,
    ),
    (
        TIME_TO_IMPROVE,
        "Giving sufficient time for sustainable improvements",
        REQUIRED,
        CONTINUOUS_IMPROVEMENT,
    ),
    (
        NO_FEE_CHARGE_BACK,
        "Not charging back any of the buyer fees to factories "
        "(the factories already pay for the services they receive).",
        REQUIRED,
        None,
    ),
    (
        CLEAR_ROLES,
        "Establishing clear internal roles and responsibilities and lines of communication with Better Work staff.",
        REQUIRED,
        None,
    ),
    (
        PLANNING_INFORMATION,
        "Providing information that allows Better Work to effectively plan, "
        "resource and scope services to the benefit of all partners.",
        REQUIRED,
        None,
    ),
    (
        ENGAGE_SUPPLIERS,
        "Engaging suppliers and intermediaries to support the programme.",
        REQUIRED,
        None,
    ),
    (
        SOURCING_PRACTICES,
        "Examine their own sourcing practices to encourage positive alignment between compliance and sourcing",
        ENCOURAGED,
        None,
    ),
)

# How the signup form puts each commitment to a buyer: the guide's list mixes
# "Committing to…", "Stop auditing…" and "Not charging…"; a buyer ticking
# them reads one voice, completing "As a Buyer Partner, we will…".
PLEDGES = {
    SPIRIT_AND_PRACTICE: "Commit to the programme in spirit and practice",
    GOVERNANCE: (
        "Engage in the governance decisions of the programme, through a buyer representative on the Advisory Committee"
    ),
    STOP_AUDITING: "Stop auditing factories in the Better Work programme",
    CONTINUOUS_IMPROVEMENT: "Support factories in continuous improvement",
    NO_DROPPING_FACTORIES: (
        "Not drop or downgrade factories because of their compliance results, provided the factory is making progress"
    ),
    TIME_TO_IMPROVE: "Give factories sufficient time for sustainable improvements",
    NO_FEE_CHARGE_BACK: (
        "Not charge any of the buyer fees back to factories (the factories already pay for the services they receive)"
    ),
    CLEAR_ROLES: (
        "Establish clear internal roles and responsibilities, and lines of communication with Better Work staff"
    ),
    PLANNING_INFORMATION: (
        "Provide information that allows Better Work to plan, resource and scope its services effectively, "
        "to the benefit of all partners"
    ),
    ENGAGE_SUPPLIERS: "Engage our suppliers and intermediaries to support the programme",
    SOURCING_PRACTICES: (
        "Examine our own sourcing practices, to encourage a positive alignment between compliance and sourcing"
    ),
}

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
