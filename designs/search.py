"""Search text normalised so that the spellings people type find each other.

Arabic is written with and without hamza on alef (أ إ آ ا), with final ya or alef maqsura (ي ى),
ta marbuta or ha (ة ه), with or without short vowels and tatweel; numbers come in Arabic-Indic or
ASCII digits; English in any case. Both the stored search text and the query go through the same
function, so a plain substring match is enough.
"""

import re

from artisans.digits import normalize_digits

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_SPACES = re.compile(r"\s+")


def normalize_search(text: str) -> str:
    text = normalize_digits(text or "").casefold()
    text = _DIACRITICS.sub("", text).translate(_LETTERS)
    return _SPACES.sub(" ", text).strip()
