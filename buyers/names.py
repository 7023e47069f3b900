"""The keys under which two spellings of one organisation or factory match.

One place for the derivation: ``Buyer.refresh_match_keys`` and
``Factory.refresh_match_keys`` call it from ``save()``, and every path that
writes rows without ``save()`` (``bulk_create`` in
``betterwork_portal/demo/programme/writing.py``) calls the same
``buyer_match_keys``/``factory_match_keys``.
"""

import functools
import re
import unicodedata
from urllib.parse import urlsplit

from confusable_homoglyphs import confusables
from confusable_homoglyphs.confusables import confusables_data

# Zero-width and other invisible format characters (Unicode category Cf) make
# "Acme" and "Ac\u200bme" look the same to a person but differ to a database.
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# A dot or apostrophe between two letters is part of the word: "A.B." is
# "AB", "O'Neil" is "ONeil", as people write them either way.
_INNER_MARK = re.compile(r"(?<=\w)[.'’‘`´](?=\w)")
# Legal forms at the end of a name, dropped for matching: "Lindqvist
# Outdoor AB" is "Lindqvist Outdoor". Written as their words once the
# inner dots are gone ("S.A." is "sa", "Co., Ltd." is "co ltd").
LEGAL_SUFFIXES = frozenset(
    {
        "ab", "ag", "aps", "as", "asa", "bhd", "bv", "co", "company", "corp", "corporation", "cv", "gmbh",
        "inc", "incorporated", "jsc", "kg", "kk", "limited", "llc", "llp", "lp", "ltd", "mbh", "nv", "oy",
        "oyj", "plc", "pte", "pty", "pvt", "sa", "sarl", "sas", "sdn", "sl", "spa", "srl", "sro", "tbk",
    }
)  # fmt: skip


@functools.cache
def _latin_prototype(character: str) -> str:
    """Return the ASCII letter or digit that *character* is drawn like, if
    Unicode's confusables data (UTS #39, through confusable-homoglyphs) has
    one: Cyrillic "ѕ" is "s". Anything else is itself."""
    if character.isascii():
        return character
    for homoglyph in confusables_data.get(character, ()):
        candidate = homoglyph["c"]
        if len(candidate) == 1 and candidate.isascii() and candidate.isalnum():
            return candidate.casefold()
    return character


def normalise_organisation_name(name: str) -> str:
    """Return the key under which two spellings of one organisation match.

    In order: NFKC folds compatibility forms (full-width letters,
    ligatures); invisible format characters are dropped; case is folded;
    look-alike letters of other scripts become the Latin letter they are
    drawn like (the confusables skeleton of Unicode UTS #39, towards
    Latin: "Oѕрrеу" is "osprey"); dots and apostrophes inside a word are
    dropped; punctuation and spacing become one space; legal forms at the
    end are dropped. "LINDQVIST OUTDOOR A.B." and "Lindqvist Outdoor AB"
    share the key "lindqvist outdoor". A name that is nothing but a legal
    form keeps it.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").casefold()
    text = "".join(_latin_prototype(ch) for ch in unicodedata.normalize("NFD", text))
    text = _INNER_MARK.sub("", unicodedata.normalize("NFC", text))
    words = _NOT_WORD.sub(" ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def mixed_scripts(name: str) -> tuple[str, ...]:
    """Return the scripts *name* mixes (e.g. ``("CYRILLIC", "LATIN")``), or
    ``()`` when it is written in one: a name that mixes them may be a
    look-alike of another, and is flagged to staff, not refused."""
    scripts = confusables.unique_aliases(name or "") - {"COMMON"}
    return tuple(sorted(scripts)) if len(scripts) > 1 else ()


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
