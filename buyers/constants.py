"""Values the signup request's reads and writes share.

Read them as ``constants.NAME`` at call time (not ``from … import NAME``),
so that a test can change one with ``monkeypatch.setattr``.
"""

# Signing salt of the status link: a token made for another purpose never
# passes for it.
SIGNUP_STATUS_SALT = "buyers.signup.status"

# Attempts to draw a reference that is not taken yet before giving up.
SIGNUP_REFERENCE_ATTEMPTS = 5
