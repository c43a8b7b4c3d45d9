"""Places a question may name: Vietnam's provinces and cities (the corpus covers one of them), and the
districts of Quảng Ngãi (a person who works there means "UBND các huyện, thị xã, thành phố")."""

import re
from functools import lru_cache

from .vntext import fold, nfc

__all__ = ["HOME_PROVINCE", "PROVINCES", "DISTRICTS", "other_provinces", "names_district"]

HOME_PROVINCE = "Quảng Ngãi"
PROVINCES = tuple("""An Giang|Bà Rịa - Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình Dương|Bình Định
|Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai
|Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum
|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình
|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa
|Thừa Thiên Huế|Huế|Tiền Giang|Thành phố Hồ Chí Minh|TP.HCM|Sài Gòn|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc
|Yên Bái""".replace("\n", "").split("|"))
DISTRICTS = tuple("""Bình Sơn|Sơn Tịnh|Tư Nghĩa|Nghĩa Hành|Mộ Đức|Đức Phổ|Ba Tơ|Minh Long|Sơn Hà|Sơn Tây|Trà Bồng
|Lý Sơn|Tây Trà""".replace("\n", "").split("|"))


@lru_cache(maxsize=1)
def _province_pattern() -> re.Pattern[str]:
    names = sorted({nfc(p).lower() for p in PROVINCES}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")


def other_provinces(text: str) -> list[str]:
    """The provinces other than Quảng Ngãi that a question (diacritics restored) names. With diacritics:
    folded, "đánh gia lại" would read as Gia Lai."""
    by_name = {nfc(p).lower(): p for p in PROVINCES}
    found = [by_name[m.group(1)] for m in _province_pattern().finditer(nfc(text).lower())]
    return list(dict.fromkeys(p for p in found if p != HOME_PROVINCE))


def names_district(folded: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(fold(d))}(?!\w)", folded) for d in DISTRICTS)
