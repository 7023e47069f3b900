"""Values the public signup shares between its form, view and rate limit.

Read them as ``constants.NAME`` at call time (not ``from … import NAME``),
so that a test can lower a limit with ``monkeypatch.setattr``.
"""

# Spam and floods, refused without outside services
# ------------------------------------------------------------------------------
# A person needs more than this to read and fill the form; a script does not.
SIGNUP_MIN_FILL_SECONDS = 3
# A form left open longer than this is sent back with a fresh token.
SIGNUP_FORM_MAX_AGE_SECONDS = 24 * 60 * 60
# Signups (and spam caught) accepted from one address per window.
SIGNUP_RATE_LIMIT = 5
SIGNUP_RATE_WINDOW_SECONDS = 60 * 60
SIGNUP_RATE_CACHE_PREFIX = "public:signup-rate:"

# Signing salt of the form token: a token made for another purpose never
# passes for it.
SIGNUP_FORM_SALT = "buyers.signup.form-token"

# The factory list on the form
# ------------------------------------------------------------------------------
SIGNUP_FACTORY_EXTRA_ROWS = 5
SIGNUP_MAX_FACTORIES = 30
