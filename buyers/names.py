"""The keys under which two spellings of one organisation or factory match.

One place for the derivation: ``Buyer.refresh_match_keys`` and
``Factory.refresh_match_keys`` call it from ``save()``, and every path that
writes rows without ``save()`` (``bulk_create`` in
``betterwork_portal/demo/programme/writing.py``) calls the same
``buyer_match_keys``/``factory_match_keys``.
"""

import re
import unicodedata
from urllib.parse import urlsplit

# Zero-width and other invisible format characters (Unicode category Cf) make
# "Acme" and "Ac\u200bme" look the same to a person but differ to a database.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_organisation_name(name: str) -> str:
    """Return the key under which two spellings of one organisation match.

    NFKC folds compatibility forms (full-width letters, ligatures), casefold
    folds case, invisible format characters are dropped, and punctuation and
    runs of spacing become one space: "ACME, Inc." and "acme inc" share a key.
    """
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return _NOT_WORD.sub(" ", visible).strip()


FACTORY_NAME_KEY_LENGTH = 300


def factory_name_key(name: str) -> str:
    """Return the key a factory's name is matched by: normalised as buyer
    names are, cut to fit its column (factory keys need not be unique)."""
    return normalise_organisation_name(name)[:FACTORY_NAME_KEY_LENGTH]


def website_domain(url: str) -> str:
    """Return the host of *url* without ``www.``, lower-cased ("" if none)."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower().removeprefix("www.")


def buyer_match_keys(*, name: str, website: str) -> dict[str, str]:
    """Return the derived columns of a buyer: ``name_key`` and ``website_domain``."""
    return {"name_key": normalise_organisation_name(name), "website_domain": website_domain(website)}


def factory_match_keys(*, name: str) -> dict[str, str]:
    """Return the derived column of a factory: ``name_key``."""
    return {"name_key": factory_name_key(name)}
