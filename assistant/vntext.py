"""Vietnamese text handling: one canonical form for display, one folded form for matching.

Users type without diacritics ("so y te"), with abbreviations ("Sở TT&TT", "TTNT"), with the old tone
placement ("hoà", "thuỷ"); official texts carry typos ("đối bờ" for "đới bờ"). Every comparison in the
project goes through `search_form` (canonical words) and `fold` (no diacritics, lower case).
"""

import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = [
    "nfc",
    "clean_text",
    "normalize_tones",
    "fold",
    "fold_keep_offsets",
    "expand_abbreviations",
    "fix_typos",
    "search_form",
    "tokens",
    "has_diacritics",
]

_VOWELS_BY_TONE = {  # base vowel -> its five toned forms (huyền, sắc, hỏi, ngã, nặng)
    "a": "àáảãạ", "e": "èéẻẽẹ", "o": "òóỏõọ", "u": "ùúủũụ", "y": "ỳýỷỹỵ",
}
# Old placement puts the mark on the second vowel of a final "oa", "oe", "uy" (hoà, thuỷ); the current
# norm, and Plan 83, put it on the first (hòa, thủy). After "q" the "u" is a consonant, so "quý" stays.
_OLD_TONES = {}
for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
    for toned_second, toned_first in zip(_VOWELS_BY_TONE[second], _VOWELS_BY_TONE[first]):
        _OLD_TONES[first + toned_second] = toned_first + second
        _OLD_TONES[first.upper() + toned_second] = toned_first.upper() + second
        _OLD_TONES[first.upper() + toned_second.upper()] = toned_first.upper() + second.upper()
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)")

# (abbreviation, expansion, case-insensitive?). Short ones that are also Vietnamese words ("ai" = who,
# "ca") only match in capitals. Expansions are the wording Plan 83 itself uses.
_ABBREVIATIONS: list[tuple[str, str, bool]] = [
    ("TTNT", "trí tuệ nhân tạo", True),
    ("AI", "trí tuệ nhân tạo", False),
    ("CNTT", "công nghệ thông tin", True),
    ("TMĐT", "thương mại điện tử", True),
    ("TMDT", "thương mại điện tử", True),
    ("CSDL", "cơ sở dữ liệu", True),
    ("FDI", "đầu tư trực tiếp nước ngoài (FDI)", True),  # the term, and the letters the plan writes after it
    ("KH&CN", "Khoa học và Công nghệ", True),
    ("KHCN", "Khoa học và Công nghệ", True),
    ("TT&TT", "Thông tin và Truyền thông", True),
    ("TTTT", "Thông tin và Truyền thông", True),
    ("TT-TT", "Thông tin và Truyền thông", True),
    ("KH&ĐT", "Kế hoạch và Đầu tư", True),
    ("KH&DT", "Kế hoạch và Đầu tư", True),
    ("KHĐT", "Kế hoạch và Đầu tư", True),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn", True),
    ("NNPTNT", "Nông nghiệp và Phát triển nông thôn", True),
    ("TN&MT", "Tài nguyên và Môi trường", True),
    ("TNMT", "Tài nguyên và Môi trường", True),
    ("LĐ-TB&XH", "Lao động – Thương binh và Xã hội", True),
    ("LĐTB&XH", "Lao động – Thương binh và Xã hội", True),
    ("LĐTBXH", "Lao động – Thương binh và Xã hội", True),
    ("LD-TB&XH", "Lao động – Thương binh và Xã hội", True),
    ("LDTBXH", "Lao động – Thương binh và Xã hội", True),
    ("GD&ĐT", "Giáo dục và Đào tạo", True),
    ("GD&DT", "Giáo dục và Đào tạo", True),
    ("GDĐT", "Giáo dục và Đào tạo", True),
    ("GTVT", "Giao thông vận tải", True),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch", True),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch", True),
    ("BCHQS", "Bộ Chỉ huy Quân sự", True),
    ("Bộ CHQS", "Bộ Chỉ huy Quân sự", True),
    ("NHNN", "Ngân hàng nhà nước", True),
    ("KKT", "Khu kinh tế", True),
    ("BQL", "Ban Quản lý", True),
    ("Ban QL", "Ban Quản lý", True),
    ("CA", "Công an", False),
    ("QĐ", "Quyết định", True),
    ("TTg", "Thủ tướng", False),
    ("Ủy ban nhân dân", "UBND", True),
    ("Uỷ ban nhân dân", "UBND", True),
    ("Uy ban nhan dan", "UBND", True),
    ("KH", "Kế hoạch", False),  # last: "KH&CN", "KH&ĐT" are spelled out before
]
_ABBREVIATION_RES = [
    # not inside a document number: "74/KH-UBND" keeps its "KH"
    (re.compile(r"(?<![\w/])" + re.escape(abbr) + r"(?![\w/-])", 0 if not ci else re.IGNORECASE), full)
    for abbr, full, ci in _ABBREVIATIONS
]

# Typos of the real documents, mapped to the intended words so both spellings find the same passage.
_TYPOS = {  # lower-case typo -> intended words
    "đối bờ": "đới bờ",
    "phóng chống": "phòng chống",
    "chuyên giao": "chuyển giao",
}
_TYPO_RE = re.compile("|".join(re.escape(t) for t in _TYPOS), re.IGNORECASE)


def nfc(text: str) -> str:
    """NFC: NFD input doubles the token count and breaks exact matching."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Canonical text of a document line: NFC, no CR, no Markdown bold, single spaces."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("**", "").replace("__", "")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def normalize_tones(text: str) -> str:
    """Old tone placement to the current one: "hoà" → "hòa", "thuỷ" → "thủy"."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without diacritics ("Sở Y tế" → "so y te"), for matching what users type. Cached: the
    same passages are folded for every question."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


class _FoldTable(dict):
    """`str.translate` table of `fold_keep_offsets`, filled per character on first sight (Latin and
    punctuation only: a text of rare characters must not grow it without end)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "-" if ch == "–" else unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0].lower()
        if code < 0x2100:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_keep_offsets(text: str) -> str:
    """`fold` that keeps offsets (one output character per NFC input character): spans found in the
    folded text can be cut out of the original."""
    return nfc(text).translate(_FOLD_TABLE)


def expand_abbreviations(text: str) -> str:
    """Spell out the abbreviations of Vietnamese administration ("Sở TT&TT" → "Sở Thông tin và …")."""
    for pattern, full in _ABBREVIATION_RES:
        text = pattern.sub(full, text)
    return text


def fix_typos(text: str) -> str:
    """Replace the known typos of the corpus by the intended words."""
    def replace(match: re.Match[str]) -> str:
        fixed = _TYPOS[match.group(0).lower()]
        return fixed[0].upper() + fixed[1:] if match.group(0)[0].isupper() else fixed

    return _TYPO_RE.sub(replace, text)


def search_form(text: str) -> str:
    """The form used for embedding and lexical matching: canonical words, abbreviations spelled out."""
    return expand_abbreviations(fix_typos(normalize_tones(nfc(text))))


def has_diacritics(text: str) -> bool:
    return fold(text) != re.sub(r"\s+", " ", text.lower()).strip()


_SEGMENT_LOCK = threading.Lock()
_NO_FIXED_WORD = "\u2063"  # INVISIBLE SEPARATOR: never in a text


def _word_tokenize() -> Callable[..., list[str]]:
    """underthesea's word segmenter, loaded on first use (never at import).

    underthesea's `__init__` imports its translator eagerly, and with it transformers and torch (~4 s,
    ~260 MiB) that segmentation never uses; a submodule marked absent in `sys.modules` is skipped by
    underthesea's optional-import guard, so the serving process stays free of torch.
    """
    sys.modules.setdefault("underthesea.pipeline.translate", None)  # type: ignore[arg-type]
    from underthesea import word_tokenize

    return word_tokenize


@lru_cache(maxsize=4096)
def _segment(text: str, fixed_words: tuple[str, ...]) -> tuple[str, ...]:
    word_tokenize = _word_tokenize()

    # underthesea loads its model lazily into a global and keeps the fixed words in module state: two
    # threads at once see a half-loaded model (observed: AttributeError under 16 threads), and an empty
    # list reuses the previous call's words. A never-matching word resets them. ~1 ms a call.
    with _SEGMENT_LOCK:
        return tuple(word_tokenize(text, fixed_words=list(fixed_words) or [_NO_FIXED_WORD]))


def tokens(text: str, fixed_words: Iterable[str] = ()) -> list[str]:
    """Lexical tokens: folded syllables plus folded underthesea compounds ("thuong_mai_dien_tu").

    Syllables keep queries typed without diacritics matching (segmentation of folded text is poor);
    compounds reward the exact multi-word terms. `fixed_words` (agency names) stay whole.
    """
    words = _segment(search_form(text), tuple(fixed_words))
    out: list[str] = []
    for word in words:
        folded = fold(word)
        syllables = re.findall(r"\w+", folded)
        out.extend(syllables)
        if len(syllables) > 1:
            out.append("_".join(syllables))
    return out
