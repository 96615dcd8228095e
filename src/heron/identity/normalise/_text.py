"""Text folding shared by the name and address normalisers.

Owns one thing: turning free text into lower-case ASCII-ish text without accents, so that
"Zoë", "ZOE" and "Zoe" compare equal. It knows nothing about names, addresses or
identifiers; those rules live in their own modules.
"""

from __future__ import annotations

import re
import unicodedata

# Dropped without a space: "O'Neil" is "ONeil", "St John's" is "St Johns".
APOSTROPHES = re.compile(r"['’‘`´ʼ]")

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_NOT_DECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents ("Zoë Ó Súilleabháin" → "zoe o suilleabhain")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Translate after decomposing, so "Ǽ" (Æ with an accent) becomes "ae"; fold case again
    # because compatibility forms decompose to capitals ("𝑨" → "A", "🅪" → "MC").
    return stripped.translate(_NOT_DECOMPOSED).casefold()
