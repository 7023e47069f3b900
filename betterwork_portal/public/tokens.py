"""The signed token of a signup form: its one-time key and when it was
handed out, so the same form sent twice is found and a form filled in
faster than a person can is refused."""

import secrets
import time
from dataclasses import dataclass

from django.core import signing

from betterwork_portal.public import constants


@dataclass(frozen=True)
class FormToken:
    """What the signed hidden field says: the form's one-time key and when
    the form was handed out."""

    key: str
    issued_at: float

    @property
    def age(self) -> float:
        return time.time() - self.issued_at

    @property
    def expired(self) -> bool:
        return self.age > constants.SIGNUP_FORM_MAX_AGE_SECONDS


def new_form_token(*, issued_at: float | None = None) -> str:
    """Return a signed token for a fresh signup form."""
    payload = {"k": secrets.token_urlsafe(24), "t": time.time() if issued_at is None else issued_at}
    return signing.dumps(payload, salt=constants.SIGNUP_FORM_SALT)


def read_form_token(value) -> FormToken | None:
    """Return the token's content, or ``None`` when it is missing, forged
    or damaged."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return None
    try:
        payload = signing.loads(value, salt=constants.SIGNUP_FORM_SALT)
        return FormToken(key=str(payload["k"]), issued_at=float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
