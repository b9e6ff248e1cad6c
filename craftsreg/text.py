"""Search text normalised so that the spellings people type find each other.

Arabic is written with and without hamza on alef (أ إ آ ا), with final ya or alef maqsura (ي ى),
ta marbuta or ha (ة ه), with or without short vowels and tatweel; numbers come in Arabic-Indic or
ASCII digits; English in any case. Both the stored search text and the query go through the same
function, so a plain substring match is enough.

``normalize_search`` folds those spellings (the designs catalogue, any free text).
``normalize_name`` folds people's names further: the ways one Omani name is written —
"عبد الله" / "عبدالله", "ابن" / "بن", "الرواحي" / "رواحي", "Al-Rawahi" / "Al Rawahi" — all give
the same text. Rules after Lucene's ArabicNormalizer, plus the name conventions of the registry.
"""

import functools
import re
import unicodedata

from craftsreg.digits import normalize_digits

# Characters dropped when folding: harakat, superscript (dagger) alef and tatweel (written or
# not, the same word), and the direction marks and zero-width joiners that arrive with text
# pasted from documents.
_DIACRITICS = "".join(map(chr, range(0x064B, 0x0653))) + "\u0670\u0640"
_INVISIBLE = "".join(map(chr, range(0x200B, 0x2010))) + "\u061c\ufeff"
_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
# All three in one str.translate: one pass over the text in C instead of two regular-expression
# substitutions and a translate (the import folds two names per row; the sets are disjoint and
# no replacement is itself dropped, so one pass gives what the three passes gave).
_FOLD = str.maketrans({**dict.fromkeys(_DIACRITICS + _INVISIBLE), **_LETTERS})


def normalize_text(value: str) -> str:
    """Text as stored: NFC, no tatweel, single spaces (names typed in different tools compare
    equal, and nothing a reader sees is folded away)."""
    value = unicodedata.normalize("NFC", value).replace("\u0640", "")
    return " ".join(value.split())


def normalize_search(text: str) -> str:
    """Text folded for matching: digits, case, hamza, ya, ta marbuta, harakat, tatweel."""
    text = normalize_digits(text or "").casefold().translate(_FOLD)
    # split() and the regex \s agree on what whitespace is (Py_UNICODE_ISSPACE), so this is the
    # collapse-and-strip of a \s+ substitution without the regex.
    return " ".join(text.split())


# In a name, punctuation only separates words: "Al-Rawahi", "Al Rawahi"; "أحمد، سالم".
_PUNCTUATION = re.compile(r"[^\w\s]|_")
# "عبد" and "ابو" begin compound names written with or without the space: عبد الله, عبدالله;
# أبو بكر, ابوبكر. "abd"/"abdul" are their English transliterations.
_JOINS_NEXT = frozenset({"عبد", "ابو", "abd", "abdul"})
# "الله" ends compound names: نصر الله, نصرالله; جار الله, جارالله.
_JOINS_PREVIOUS = frozenset({"الله", "allah"})
# Son of: "ابن" and "بن" (bin, ibn, ben); daughter of: "ابنه" (ابنة folded) and "بنت".
_SAME_WORD = {"ابن": "بن", "ابنه": "بنت", "ibn": "bin", "ben": "bin"}
# The article is written or left out ("الرواحي", "رواحي"); آل (family of, folded to ال) and
# the English "al"/"el" are left out too.
_ARTICLE_WORDS = frozenset({"ال", "al", "el"})
_ARTICLE = "ال"


def _without_article(word: str) -> str:
    # "الله" is a word of its own, not an article before "له".
    if word.startswith(_ARTICLE) and word != "الله" and len(word) > len(_ARTICLE):
        return word[len(_ARTICLE) :]
    return word


# The words that are folded by more than _without_article: any other word is its own fold.
_SPECIAL_WORDS = frozenset(_SAME_WORD) | _ARTICLE_WORDS | _JOINS_NEXT | _JOINS_PREVIOUS


# Remembered per name: a registry's names repeat heavily (a few hundred given and family names
# make most of them), and an import folds two names for every row, the admin search one per
# query. Names are short, so 65,536 of them are a few megabytes.
@functools.lru_cache(maxsize=65_536)
def normalize_name(text: str) -> str:
    """A person's name folded so that its usual spellings are the same text.

    The stored search key and the query both pass through it once, so they agree.
    """
    # normalize_search's own collapse of spaces is left out: split() below does it anyway.
    words = _PUNCTUATION.sub(" ", normalize_digits(text or "").casefold().translate(_FOLD)).split()
    if _SPECIAL_WORDS.isdisjoint(words):
        # Most names ("سالم بن حمد الحارثي": no "عبد", "الله", "ابن", lone "ال"…): nothing joins
        # or is replaced, so the word-by-word loop below is skipped; only each article goes.
        return " ".join([_without_article(word) for word in words])
    joined: list[str] = []
    for word in words:
        word = _SAME_WORD.get(word, word)
        if word in _ARTICLE_WORDS:
            # Before joining, so "Abd Al-Rahman" joins "abd" with "rahman", not with "al".
            continue
        if joined and (joined[-1] in _JOINS_NEXT or word in _JOINS_PREVIOUS):
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join([_without_article(word) for word in joined])


# Between the names in a search key: not a letter, so no word or trigram spans two names.
NAME_SEPARATOR = " | "


def name_search_key(*names: str) -> str:
    """The stored search key of a person known by ``names`` (Arabic, English): each folded."""
    return NAME_SEPARATOR.join(normalize_name(name) for name in names)
