"""Repair a question for matching: the words the person meant, whatever their keyboard did.

People type with the input method off (Telex "sowr naof", VNI "so73 nao2"), without diacritics, in
capitals, with fullwidth letters or invisible characters pasted from elsewhere, and with slips of the
finger ("nihệm vụ"). `repair` turns all of that into ordinary Vietnamese, choosing diacritics and
corrections from the corpus's own vocabulary (a `Lexicon`), so both rankers and the dense model see real
words. Microseconds per question: table look-ups, no model call.
"""

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .vntext import fold, nfc

__all__ = ["Lexicon", "repair", "clean_characters", "is_syllable", "QUESTION_PHRASES", "CHAT_SHORTHAND"]

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = (r"(?:oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu"
            r"|uy|ye|[aeiouy])")
_SYLLABLE = re.compile(rf"{_ONSET}{_NUCLEUS}(?:ch|ng|nh|[cmnpt])?")

# Phrases of questions, with their diacritics, for restoring unaccented input. Question words are not in
# the plan's text, which states rather than asks.
QUESTION_PHRASES = """sở nào chủ trì|cơ quan nào|đơn vị nào|ban ngành nào|ai chủ trì|ai phụ trách|ai làm|ai lo
|phối hợp với|những đơn vị nào|thời gian thực hiện|thời hạn|khi nào|bao giờ|bao lâu|năm nào|lúc nào|làm gì
|những gì|nhiệm vụ gì|nhiệm vụ nào|việc gì|những việc|bao nhiêu|mấy nhiệm vụ|có phải|đúng không|phải không
|có không|được không|hay không|của tỉnh|thì sao|là gì|giao cho|cho em hỏi|cho mình hỏi|xin hỏi|cảm ơn
|chào anh chị|ở đâu|từ đâu|lấy từ đâu|kinh phí|ai ký|ký ngày nào|ban hành|văn bản|quyết định|kế hoạch số mấy
|gửi cho ai|báo cáo ai|đến năm nào|trong giai đoạn nào|kéo dài|tới năm|hết hạn|còn hạn|đã xong chưa
|tổng cộng|bao nhiêu việc|mấy việc|đầu việc|kể ra|liệt kê|giúp em|giúp mình|với ạ|vậy ạ|nhé|nha
|tỉnh mình|huyện em|xã em|sở em|trường em|bệnh viện|nông dân|doanh nghiệp nhỏ|người dân|học sinh|giáo viên
|thì sở nào|thì ai|thì cơ quan nào|thì bao giờ|thì sao|có được giao|có kế hoạch|có nhiệm vụ|có giao|có nói
|có ai|có phải là|có đúng là|có mục nào|có nằm trong|giống vậy|như vậy|tên gì|số điện thoại|bao nhiêu tiền
|nói về gì|nói gì|nói về nội dung gì|đề cập gì|về cái gì|là cái gì|ban đầu|lúc đầu|cho hỏi|hỏi về|cho tôi hỏi
|bắt đầu|từ bao giờ|từ khi nào"""


# How people shorten words in chat ("tg bn?", "đc giao nv gì", "ko"), spelled out before anything reads them.
CHAT_SHORTHAND = {
    "ko": "không", "k": "không", "hok": "không", "khg": "không", "kg": "không", "hong": "không",
    "dc": "được", "đc": "được", "dk": "được", "đk": "được", "vs": "với", "tg": "thời gian", "tgian": "thời gian",
    "nv": "nhiệm vụ", "nvu": "nhiệm vụ", "vc": "việc", "bn": "bao nhiêu", "j": "gì", "ntn": "như thế nào",
    "mn": "mọi người", "cx": "cũng", "trc": "trước", "nd": "nội dung", "sv": "sinh viên", "hs": "học sinh",
    "gv": "giáo viên", "dn": "doanh nghiệp", "qng": "Quảng Ngãi", "qn": "Quảng Ngãi", "tp": "thành phố",
    "ptrach": "phụ trách", "ctri": "chủ trì", "phop": "phối hợp",
}


def clean_characters(text: str) -> str:
    """NFKC (fullwidth "Ｓở" → "Sở"), invisible characters removed, then NFC."""
    return nfc(unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)))


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether the folded `word` has the shape of a Vietnamese syllable ("nguoi" yes, "sowr" no)."""
    return bool(_SYLLABLE.fullmatch(fold(word)))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@dataclass
class Lexicon:
    """The corpus's words: folded n-grams (1–3 words) → their written forms, counted."""

    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Lexicon":
        lexicon = cls()
        for text in [*texts, *QUESTION_PHRASES.split("|")]:
            for run in re.split(r"[,;:.?!()\"«»\n]+", nfc(text)):
                words = [w.lower() for w in _words(run) if not w.isdigit()]
                for n in (1, 2, 3):
                    for i in range(len(words) - n + 1):
                        gram = " ".join(words[i : i + n])
                        lexicon.forms[fold(gram)][gram] += 1
        return lexicon

    def knows(self, folded: str) -> bool:
        return folded in self.forms

    def best_form(self, folded: str) -> str | None:
        counts = self.forms.get(folded)
        return counts.most_common(1)[0][0] if counts else None

    @cached_property
    def syllables(self) -> frozenset[str]:
        """The one-word keys: read on every question, built once (the lexicon is complete after from_texts)."""
        return frozenset(key for key in self.forms if " " not in key)


_TELEX_KEYS = re.compile(r"[a-z]*(?:[aeo]{2}|w|dd|[sfrxj]$)[a-z]*", re.I)
_VNI_TOKEN = re.compile(r"[a-z]+[1-9][a-z0-9]*|[a-z]*d9[a-z0-9]*", re.I)


def _decode_keystrokes(token: str) -> str:
    """A Telex or VNI token decoded, when it is no syllable as typed but decodes to one ("sowr" → "sở");
    in an abbreviation only the Đ ("GD&DDT", "LD9-TB&XH")."""
    import bogo  # the Telex/VNI rules of the ibus-bogo input method

    if sum(ch.isupper() for ch in token) >= 2 and re.search(r"D[Dd9]", token):
        return re.sub(r"D[Dd9]", "Đ", token)
    if token.isupper() and len(token) > 1 or is_syllable(token) and not any(ch.isdigit() for ch in token):
        return token
    if _VNI_TOKEN.fullmatch(token):
        decoded = bogo.process_sequence(token, rules=bogo.get_vni_definition())
    elif _TELEX_KEYS.fullmatch(token):
        decoded = bogo.process_sequence(token)
    else:
        return token
    if decoded != token and not decoded.isascii() and is_syllable(decoded) and decoded.isalpha():
        return decoded
    return token


@lru_cache(maxsize=1)
def _word_list() -> frozenset[str]:
    """The words of Vietnamese as written, one or more syllables, from the word list that ships with
    underthesea (Viet74K). Read from the package's data file without importing the package."""
    from importlib.util import find_spec

    spec = find_spec("underthesea")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt" if spec and spec.origin else None
    if path is None or not path.is_file():
        return frozenset()
    return frozenset(line.strip() for line in nfc(path.read_text(encoding="utf-8")).lower().splitlines())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The syllables of Vietnamese as written: "vic" is none, so "vic gì" is a slip; "vai" is one, so
    "vai trò" is not."""
    return frozenset(re.findall(r"\w+", " ".join(_word_list())))


_I_TO_Y = str.maketrans("iíìỉĩịIÍÌỈĨỊ", "yýỳỷỹỵYÝỲỶỸỴ")


def _y_spelling(word: str, lexicon: "Lexicon") -> str:
    """"kí", "lí", "mĩ" in the older spelling: the corpus writes "ký", "lý", "mỹ", and only that one is known."""
    if not re.fullmatch(r"(?:[klmtsh]|qu)[iíìỉĩị]", word, re.I):
        return word
    spelled = word[:-1] + word[-1].translate(_I_TO_Y)
    return spelled if lexicon.knows(fold(spelled)) and not lexicon.knows(fold(word)) else word


def _edits(word: str) -> set[str]:
    """Words one slip away: a letter dropped, two swapped, one changed or one added."""
    letters = "abcdeghiklmnopqrstuvxy"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def _shout(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 6 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


# "AI" the technology or "ai" (who): decided by the neighbours, since capitals and lower case both lie.
_TECH_BEFORE = {"dung", "ve", "nghe", "hoach", "luoc", "trien", "cuu", "pham", "nghiep", "an", "thong", "bang",
                "xai", "day", "hoc", "kien", "thuc", "chuyen", "gia", "nganh", "mang", "dua", "tich", "hop"}
_TECH_AFTER = {"trong", "vao", "cho", "de", "y", "nong", "giao", "du", "ngan", "tai", "thuong", "an", "quan",
               "phuc", "ho", "chong", "the", "cua", "thi", "o"}
_WHO_AFTER = {"chu", "lo", "lam", "phu", "ky", "ban", "thuc", "dam", "chiu", "to", "giu", "la", "xay", "trien",
              "phoi", "duoc", "quan", "dung", "theo"}
_WHO_BEFORE = {"do", "la", "boi", "thi", "cho", "ben", "hoi", "giao", "vay"}


_STRONG_WHO_AFTER = {"chu", "lo", "phu", "ky", "dam", "chiu"}


def _ai_means_technology(previous: str, following: str, typed: str) -> bool:
    if previous in _WHO_BEFORE or typed == "ai" and following in _STRONG_WHO_AFTER:
        return False
    if previous in _TECH_BEFORE or following in _TECH_AFTER and following not in _WHO_AFTER:
        return True
    if following in _WHO_AFTER:
        return False
    return typed == "AI" and previous != ""


def _restore(words: list[str], lexicon: Lexicon, wanted: list[bool]) -> list[str]:
    """Diacritics for the `wanted` words, typed without them ("so y te" → "sở y tế"). Every known n-gram
    (1–3 words) covering a word votes for its written form there, longer and more frequent n-grams more."""
    typed = [w.isascii() and w.isalpha() and not w.isupper() for w in words]
    votes: list[Counter[str]] = [Counter() for _ in words]
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            if not all(typed[i : i + n]):
                continue
            counts = lexicon.forms.get(" ".join(fold(w) for w in words[i : i + n]))
            if not counts:
                continue
            total = sum(counts.values())
            for form, count in counts.items():
                for j, written in enumerate(form.split()):
                    votes[i + j][written] += n * n * count / total * math.log1p(total)
    out = list(words)
    for i, word in enumerate(words):
        if votes[i] and wanted[i]:
            written = votes[i].most_common(1)[0][0]
            out[i] = written[0].upper() + written[1:] if word[0].isupper() else written
    return out


# Function words written without marks in any case: in accented text "cho" is "cho", never a slip for "chủ"
_PLAIN_FUNCTION_WORDS = frozenset({"cho", "theo", "trong", "khi", "hay", "xem"})


def _correct(words: list[str], lexicon: Lexicon, accented: bool) -> list[str]:
    """A word that is no syllable and unknown to the corpus, one slip from a known one that fits its
    neighbours ("ngân hng" → "ngân hang"), is replaced by that one (folded: restoration accents it)."""
    known = lexicon.syllables
    out = list(words)
    for i, word in enumerate(words):
        folded = fold(word)
        if len(folded) < 3 or not word.isalpha() or word.isupper():
            continue
        before = fold(words[i - 1]) if i else ""
        after = fold(words[i + 1]) if i + 1 < len(words) else ""
        if folded in known:
            # a word of the corpus, but in no known pair with either neighbour while a near one fits both:
            # "thời gan thực hiện" → "gian". One typed with its marks was chosen: "cấp huyện" stays.
            if (not (before and after) or not word.isascii() or accented and word.lower() in _PLAIN_FUNCTION_WORDS
                    or lexicon.knows(f"{before} {folded}")
                    or lexicon.knows(f"{folded} {after}") or accented and _in_word_list(words, i)):
                continue  # "giao thông ban đầu": "ban đầu" is a word, if not one of the corpus
            fitting = [c for c in _edits(folded) if c in known
                       and lexicon.knows(f"{before} {c}") and lexicon.knows(f"{c} {after}")]
        elif accented and word.lower() in _dictionary():
            # a real word in accented text ("vai trò", "đang có"), one the corpus lacks, unless one slip away
            # is the corpus's word with the one before ("phần mền" → "phần mềm"), and the two typed make none
            fitting = [c for c in _edits(folded) if c in known and before and lexicon.knows(f"{before} {c}")
                       and not _in_word_list(words, i) and _one_letter_apart(word.lower(), lexicon.forms[c])]
        else:  # no syllable ("ngân hng"), or unknown in unaccented text ("nhem vu"): a near one fitting a neighbour
            fitting = [c for c in _edits(folded) if c in known
                       and (lexicon.knows(f"{before} {c}") or lexicon.knows(f"{c} {after}"))]
            if not fitting and not word.isascii() and re.search(r"[aeiouy]", folded):
                fitting = [c for c in _edits(folded) if c in known]  # "nhnữg": a vowel marked, so Vietnamese
        if fitting:
            out[i] = max(sorted(fitting), key=lambda c: sum(lexicon.forms[c].values()))
    return out


def _one_letter_apart(typed: str, forms: Counter[str]) -> bool:
    """Whether a written form differs from `typed` in one consonant, its marks kept ("mền", "mềm"): a slip
    of a finger, not another word ("chịu", "chủ"; "hen", "hạn")."""
    consonants = set("bcdđghklmnpqrstvx")
    for form in forms:
        differences = [(a, b) for a, b in zip(form, typed) if a != b] if len(form) == len(typed) else []
        if len(differences) == 1 and set(differences[0]) <= consonants:
            return True
    return False


def _in_word_list(words: list[str], i: int) -> bool:
    """Whether words[i], as typed, makes a word of the language with a neighbour ("ban đầu", "cái gì")."""
    pairs = [words[i - 1 : i + 1] if i else [], words[i : i + 2] if i + 1 < len(words) else []]
    return any(len(pair) == 2 and " ".join(pair).lower() in _word_list() for pair in pairs)


def _unaccented_runs(words: list[str], at_least: int = 3) -> list[bool]:
    """Which words stand in a run of `at_least` consecutive words typed without diacritics."""
    marks = [False] * len(words)
    start = None
    for i, word in enumerate([*words, "đ"]):  # a sentinel with a diacritic closes the last run
        plain = word.isascii() and not (word.isupper() and len(word) > 1)  # "BQL", "KKT" carry no diacritics
        if plain and start is None:
            start = i
        elif not plain and start is not None:
            if i - start >= at_least:
                marks[start:i] = [True] * (i - start)
            start = None
    return marks


def _keep_plain_runs(typed: list[str], corrected: list[str], restored: list[str], marks: list[bool]) -> list[str]:
    """Each unaccented run of `marks` as typed, unless it was typed without its marks: one of its words is
    no syllable as written ("du lieu", "nghiep"), or restoring changed half of its words ("so y te chu tri")."""
    out = list(restored)
    i = 0
    while i < len(marks):
        if not marks[i]:
            i += 1
            continue
        end = i
        while end < len(marks) and marks[end]:
            end += 1
        run = range(i, end)
        unmarked = any(typed[k].isalpha() and typed[k].lower() not in _dictionary() for k in run)
        changed = sum(restored[k].lower() != typed[k].lower() for k in run)
        if not unmarked and changed * 2 < len(run):
            for k in run:
                out[k] = restored[k] if corrected[k] != typed[k] else typed[k]  # a slip fixed stays fixed
        i = end
    return out


_TOKEN = re.compile(r"[^\W_]+|[^\w\s]+|_|\s+")
# a section of the plan cited by its number ("II.5.k", "thoi han ii.5.k"): a path, not words to repair
_SECTION_PATH = re.compile(r"(?<![\w.])(?:i|ii|iii|iv|v|vi)(?:\.\d{1,2})(?:\.[a-zđ])?(?!\w)", re.IGNORECASE)


def repair(text: str, lexicon: Lexicon, *, english: bool = False) -> str:
    """`text` as the person meant it: characters cleaned, keystrokes decoded, capitals lowered (keeping
    abbreviations), "AI"/"ai" told apart, slips corrected and diacritics restored."""
    text = clean_characters(text)
    pieces = _TOKEN.findall(text)
    paths = [m.span() for m in _SECTION_PATH.finditer(text)]
    starts = [0, *itertools.accumulate(map(len, pieces))]
    in_path = [any(a <= start < b for a, b in paths) for start in starts[:-1]]
    path_starts = {a for a, _ in paths}
    word_at = [k for k, piece in enumerate(pieces) if piece[0].isalnum()]
    words = [pieces[k] for k in word_at]
    if not english:
        words = [CHAT_SHORTHAND.get(w, w) if w.islower() or w == "Đc" else w for w in words]
        words = [_decode_keystrokes(w) if w.isascii() else w for w in words]
        words = [_y_spelling(w, lexicon) for w in words]
    shouting = _shout(text)
    if shouting:
        words = [w if _is_abbreviation(w) else w.lower() for w in words]
    folded = [fold(w) for w in words]
    capitals_mean_technology = not shouting and "AI" in words  # who writes "AI" for it writes "ai" for who
    for i, word in enumerate(words):
        if folded[i] == "ai" and not english and (word in ("ai", "Ai") or shouting or word == "AI"):
            previous = folded[i - 1] if i else ""
            following = folded[i + 1] if i + 1 < len(words) else ""
            typed = "AI" if word == "AI" and not shouting else word.lower()
            technology = typed == "AI" if capitals_mean_technology else _ai_means_technology(previous, following, typed)
            words[i] = "AI" if technology else word.lower()
    if not english:
        # typed without diacritics (the whole text, or a run of three words or more inside accented chat
        # such as "Chào bạn, muốn hỏi là du lieu mo nong nghiep lam khi nao"): restore them; otherwise only
        # the words just corrected ("thu chi" in accented text is "thu chi")
        accented = sum(not w.isascii() for w in words) >= 0.25 * len(words)
        corrected = _correct(words, lexicon, accented)
        unaccented = _unaccented_runs(words) if accented else [True] * len(words)
        restored = _restore(corrected, lexicon, [u or c != w for u, c, w in zip(unaccented, corrected, words)])
        if accented:  # "Chụp X-quang xong cho máy": a run of real words that need no marks stays as typed
            restored = _keep_plain_runs(words, corrected, restored, unaccented)
        words = restored
    for k, word in zip(word_at, words):
        if in_path[k]:  # as the plan writes it: "ii.5.K" is "II.5.k"
            word = pieces[k].upper() if starts[k] in path_starts else pieces[k].lower()
        pieces[k] = word
    return "".join(pieces)


_ABBREVIATION_WORDS = frozenset(
    "TTNT CNTT TMĐT TMDT CSDL KH KHCN TTTT KHĐT KHDT NNPTNT TNMT LĐTBXH LDTBXH GDĐT GTVT VHTTDL BCHQS CHQS NHNN KKT "
    "BQL UBND HĐND QĐ TTG TW NQ FDI STEM IOT CN TT ĐT DT NN PTNT MT GD VHTT DL LĐ TB XH CA V20 II III IV VI".split())


def _is_abbreviation(word: str) -> bool:
    return word.upper() in _ABBREVIATION_WORDS or bool(re.fullmatch(r"[IVX]+", word))
