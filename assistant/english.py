"""English questions: detect them and add the Vietnamese words of the plan they refer to.

The answer keeps the plan's Vietnamese wording (agency names, quotes); only the sentences around it are
English. The glossary covers the topics and fields of Plan 83.
"""

import re

__all__ = ["is_english", "glossary_terms", "glossary_units"]

_ENGLISH_WORDS = re.compile(
    r"\b(who|what|when|which|where|how|is|are|does|do|the|of|in|for|and|by|plan|lead|leads|responsible|"
    r"deadline|timeframe|tasks?|department|agency|there|any|has|have|will|should|about|with|this|that|they|it)\b",
    re.I,
)

_GLOSSARY: dict[str, str] = {
    r"e-?commerce|online (?:trade|shopping)": "thương mại điện tử",
    r"health(?:care)?|medical|hospital": "y tế chăm sóc sức khỏe",
    r"electronic health records?|\behr\b|medical records?": "hồ sơ sức khỏe điện tử",
    r"agricultur\w*|farming": "nông nghiệp",
    r"high-tech agriculture": "nông nghiệp ứng dụng công nghệ cao",
    r"new rural": "nông thôn mới",
    r"financ\w*": "tài chính ngân sách",
    r"budget\w*|fund\w*|cost\w*": "kinh phí ngân sách nguồn vốn",
    r"platforms?": "nền tảng",
    r"state (?:agencies|bodies)|government (?:agencies|bodies)|public (?:agencies|bodies|servants)|officials": "cơ quan nhà nước",
    r"technology transfer": "chuyển giao công nghệ",
    r"security|crime|police|immigration": "an ninh phòng chống tội phạm công an",
    r"military|defen[cs]e|disaster": "quân sự quốc phòng phòng chống thiên tai",
    r"educat\w*|school\w*|stem": "giáo dục STEM",
    r"transport\w*|traffic|logistics": "giao thông vận tải logistics",
    r"touris\w*|cultur\w*": "văn hóa và du lịch",
    r"bank\w*": "ngân hàng",
    r"environment\w*": "quản lý môi trường",
    r"coast\w*|shore\w*": "đới bờ ven biển",
    r"urban|infrastructure": "hạ tầng đô thị",
    r"propaganda|communicat\w*|awareness|publiciz\w*": "công tác tuyên truyền",
    r"international|cooperation|abroad": "hợp tác quốc tế",
    r"train\w*|workshops?": "tập huấn đào tạo",
    r"workers?|vocational|jobs?|career": "người lao động chuyển đổi nghề nghiệp",
    r"data(?:sets?)?": "dữ liệu",
    r"databases?": "cơ sở dữ liệu",
    r"food safety": "an toàn thực phẩm",
    r"preventive medicine|disease prevention": "y tế dự phòng",
    r"diagnos\w*": "chẩn đoán",
    r"open data": "dữ liệu mở",
    r"start-?ups?|venture": "khởi nghiệp sáng tạo quỹ đầu tư mạo hiểm",
    r"invest\w*|fdi": "thu hút đầu tư",
    r"legal|law|polic(?:y|ies)|regulat\w*": "cơ chế chính sách hành lang pháp lý",
    r"research\w*": "nghiên cứu khoa học",
    r"cloud|high-performance computing": "tính toán đám mây hiệu năng cao",
    r"enterprises?|business\w*|compan(?:y|ies)|manufactur\w*|production": "doanh nghiệp sản xuất",
    r"digital technology enterprises?": "doanh nghiệp công nghệ số",
    r"digital government|e-government|information technology": "chính quyền số công nghệ thông tin",
    r"districts?": "UBND các huyện",
    r"public administration|social management": "quản lý đô thị quản lý xã hội hành chính công",
    r"purpose|objectives?|goals?": "mục đích",
    r"requirements?": "yêu cầu",
    r"report\w*": "báo cáo",
    r"evaluat\w*|review\w*|assess\w*": "đánh giá định kỳ",
    r"implementation|organi[sz]\w*": "tổ chức thực hiện",
    r"monitor\w*|supervis\w*|guid(?:e|es|ing|ance)|urg\w*": "theo dõi hướng dẫn đôn đốc",
    r"(?:artificial intelligence|\bai\b)(?! (?:plan|strategy))": "trí tuệ nhân tạo",  # "the AI plan" names the plan
    r"coordinat\w*|support\w*|partners?": "phối hợp",
}
_GLOSSARY_RES = [(re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I), terms) for pattern, terms in _GLOSSARY.items()]


def is_english(question: str) -> bool:
    """Mostly ASCII words (an agency's Vietnamese name may stand among them), at least two common English
    words, and most words not shaped like Vietnamese syllables: unaccented Vietnamese has "do", "the" too
    ("quản lý đô thị, … thế nào")."""
    from .repair import is_syllable

    words = question.split()
    ascii_words = re.findall(r"[A-Za-z]+", question)
    if not words or len([w for w in words if not w.isascii()]) > 0.4 * len(words):
        return False  # Vietnamese, maybe with an English word or two ("startup", "online")
    english = {m.lower() for m in _ENGLISH_WORDS.findall(" ".join(w for w in words if w.isascii()))}
    syllables = sum(is_syllable(w) for w in ascii_words)
    return len(english) >= 2 and syllables < 0.6 * len(ascii_words)


def glossary_terms(question: str) -> str:
    """The Vietnamese terms of the plan that an English question refers to, space-separated."""
    return " ".join(glossary_units(question))


def glossary_units(question: str) -> list[str]:
    """Each thing an English question names, in the plan's words: one glossary entry each ("health" is "y tế
    chăm sóc sức khỏe", one thing, not five words), and a code the plan writes as it is ("V20")."""
    units = dict.fromkeys(terms for pattern, terms in _GLOSSARY_RES if pattern.search(question))
    return [*units, *re.findall(r"\b[A-Z]+\d+[A-Z\d]*\b", question)]

