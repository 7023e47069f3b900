"""Validators of names and one-line text, shared by the public signup form
and the staff forms, so both refuse the same input."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from buyers.models import Buyer
from buyers.names import normalise_organisation_name

# Bidirectional overrides reverse how the characters after them display,
# so a name can read as something else in the admin and in email subjects.
# Embeddings and isolates, which mixed-direction names use, are welcome.
_DIRECTION_OVERRIDES = frozenset("\u202d\u202e")


def validate_one_line(value: str) -> None:
    """Refuse line breaks, control characters and direction overrides in a
    one-line field: they have no place in a name, could break an email
    header, or could disguise what the name says."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _DIRECTION_OVERRIDES for ch in value):
        raise ValidationError("Use one line of ordinary text, without line breaks or control characters.")


def validate_name_key_fits(value: str) -> None:
    """Refuse a name whose matching key would not fit its column: Unicode
    normalisation can write one character out as many (U+FDFA is 18)."""
    if len(normalise_organisation_name(value)) > Buyer._meta.get_field("name_key").max_length:
        raise ValidationError("This name is too long once written out in full. Please shorten it.")


def validate_has_words(message: str):
    def validate(value: str) -> None:
        # Invisible characters and punctuation alone do not make a name.
        if not normalise_organisation_name(value):
            raise ValidationError(message)

    return validate


validate_phone = RegexValidator(
    r"^[0-9+()./\s-]*(?:(?:ext|x)\.?\s*[0-9]+)?$",
    "Enter a phone number using digits, spaces and + - ( ) only, e.g. +44 20 7946 0000.",
    flags=re.IGNORECASE,
)
