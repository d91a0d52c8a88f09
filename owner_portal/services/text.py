"""Cleaning of anything people type or paste: one definition of 'the same text'."""

import re
import unicodedata

# Zero-width and direction marks, BOM, soft hyphen: invisible, but they break comparisons.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """NFKC (full-width → ASCII, U+3000 → space), drop invisible marks, trim.

    None becomes "". Inner characters are kept: callers decide what else to remove.
    """
    if value.__class__ is str:  # shortcuts for text without the marks: no regex scan
        if value.isascii():
            return value.strip()  # NFKC keeps ASCII as it is, and no invisible mark or NBSP is ASCII
        if value.isprintable():
            return unicodedata.normalize("NFKC", value).strip()  # no invisible mark or NBSP is printable
    return _clean_text(value)


def _clean_text(value: object) -> str:
    """clean_text for any value: the general path its shortcuts must agree with."""
    if value is None:
        return ""
    # Marks go first: one left between a letter and its accent would stop NFKC combining them.
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", str(value)))
    text = text.replace("\u00a0", " ")
    return text.strip()


def squeeze_spaces(text: str) -> str:
    return _SPACES.sub(" ", text)


def remove_spaces(text: str) -> str:
    if text.isalnum():
        return text  # no letter or digit is a space (tests check every code point): an ID number, a code
    return _SPACES.sub("", text)
