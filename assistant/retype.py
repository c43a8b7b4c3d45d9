"""Re-type a question the ways people really type it, to measure the assistant on more than our own wording.

Each form is a pure function of the question (and its position, for the choice of wrapper or typo), so a
run is repeatable: no diacritics, Telex or VNI keystrokes with the input method off, capitals, wrapped in
a greeting / self-introduction / thanks, and one typo.
"""

import random
import re
import unicodedata
from collections.abc import Callable

from .english import is_english
from .vntext import fold, nfc

__all__ = ["FORMS", "retype", "strip_marks", "to_telex", "to_vni"]

_TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}  # huyền sắc hỏi ngã nặng
_TELEX_TONE = "fsrxj"
_VNI_TONE = "21345"
_TELEX_SHAPE = {"\u0302": "{0}{0}", "\u0306": "{0}w", "\u031b": "{0}w"}  # â ê ô, ă, ơ ư
_VNI_SHAPE = {"\u0302": "{0}6", "\u0306": "{0}8", "\u031b": "{0}7"}


def _keystrokes(word: str, shapes: dict[str, str], tones: str, stroke_d: str) -> str:
    """One word as typed with the input method off: letters with their shape keys, the tone key last."""
    tone = ""
    out = []
    for ch in word:
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base in "đĐ" or ch in "đĐ":
            out.append(("D" if ch == "Đ" else "d") + stroke_d)
            continue
        piece = base
        for mark in marks:
            if mark in _TONES:
                tone = tones[_TONES[mark]]
            elif mark in shapes:
                piece = shapes[mark].format(base)
        out.append(piece)
    return "".join(out) + tone


def strip_marks(text: str) -> str:
    """"Sở Y tế" → "So Y te": the letters kept, their case too."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_telex(text: str) -> str:
    """"sở nào chủ trì" → "sowr naof chur trif"."""
    return re.sub(r"\w+", lambda m: _keystrokes(m.group(0), _TELEX_SHAPE, _TELEX_TONE, "d"), nfc(text))


def to_vni(text: str) -> str:
    """"sở nào chủ trì" → "so73 nao2 chu3 tri2"."""
    return re.sub(r"\w+", lambda m: _keystrokes(m.group(0), _VNI_SHAPE, _VNI_TONE, "9"), nfc(text))


_WRAPPERS_VI = (
    "Dạ em chào anh chị ạ. Em là cán bộ phòng văn hóa huyện Sơn Tịnh. {q} Em cảm ơn nhiều ạ!",
    "Xin chào, cho mình hỏi chút: {q} Thanks!",
    "Chào bạn, tôi công tác ở xã Tịnh Phong, muốn hỏi là {q} Cảm ơn bạn.",
    "Anh chị ơi cho em hỏi với, {q} Em cám ơn ạ",
    "Chào ad, mình là giáo viên ở Đức Phổ, đang tìm hiểu kế hoạch AI của tỉnh. {q} Mong được trả lời sớm nhé.",
)
_WRAPPERS_EN = (
    "Hi there! I work for a district office in Quang Ngai. {q} Thanks a lot!",
    "Hello, quick question please: {q} Thank you.",
)


def _wrapped(question: str, position: int) -> str:
    wrappers = _WRAPPERS_EN if is_english(question) else _WRAPPERS_VI
    return wrappers[position % len(wrappers)].format(q=question)


def _one_typo(question: str, position: int) -> str:
    """One slip on one word of four letters or more: a tone mark missed, two letters swapped, or a
    letter dropped."""
    rng = random.Random(position)
    words = [m for m in re.finditer(r"\w{4,}", question) if not m.group(0).isupper()]
    if not words:
        return question
    match = rng.choice(words)
    word = match.group(0)
    slip = rng.randrange(3)
    if slip == 0 and fold(word) != word.lower():
        decomposed = unicodedata.normalize("NFD", word)
        word = nfc("".join(ch for ch in decomposed if ch not in _TONES))
        if word == match.group(0):
            slip = 1
    if slip == 1:
        i = rng.randrange(1, len(word) - 2)
        word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif slip == 2:
        i = rng.randrange(1, len(word) - 1)
        word = word[:i] + word[i + 1:]
    return question[: match.start()] + word + question[match.end():]


FORMS: dict[str, Callable[[str, int], str]] = {
    "no_diacritics": lambda q, i: strip_marks(q),
    "telex": lambda q, i: q if is_english(q) else to_telex(q),
    "vni": lambda q, i: q if is_english(q) else to_vni(q),
    "capitals": lambda q, i: q.upper(),
    "wrapped": _wrapped,
    "one_typo": _one_typo,
}


def retype(question: str, form: str, position: int = 0) -> str:
    """`question` re-typed in `form` (a key of FORMS); `position` picks the wrapper or the typo."""
    return FORMS[form](question, position)
