"""Agency names: the canonical name as Plan 83 writes it, the ways people write it, and field splitting.

Matching is done on folded text (no diacritics, lower case) with any punctuation allowed between words,
so "so tt&tt", "Sở TTTT", "Sở Thông tin và Truyền thông" and "Sở Văn hóa Thể thao và Du lịch" all match.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .vntext import fold, fold_keep_offsets, has_diacritics, search_form

__all__ = ["Agency", "AGENCIES", "AgencyMatch", "find_agencies", "split_agencies", "agency_by_name"]


@dataclass(frozen=True)
class Agency:
    name: str
    aliases: tuple[str, ...] = ()
    group: bool = False  # a class of bodies ("UBND các huyện, …"), not one agency
    query_aliases: tuple[str, ...] = ()  # bare names ("Khoa học và Công nghệ") users type, too loose for texts


AGENCIES: tuple[Agency, ...] = (
    Agency("Sở Thông tin và Truyền thông", ("Sở Thông tin Truyền thông", "Sở Thông tin", "STTTT"),
           query_aliases=("Thông tin và Truyền thông", "Department of Information and Communications")),
    Agency("Sở Khoa học và Công nghệ", ("Sở Khoa học Công nghệ", "Sở Khoa học"),
           query_aliases=("Khoa học và Công nghệ", "Department of Science and Technology")),
    Agency("Sở Kế hoạch và Đầu tư", ("Sở Kế hoạch Đầu tư", "Sở Kế hoạch"), query_aliases=("Kế hoạch và Đầu tư",
                                                                  "Department of Planning and Investment")),
    Agency("Sở Nông nghiệp và Phát triển nông thôn", ("Sở Nông nghiệp", "Sở Nông nghiệp Phát triển nông thôn"),
           query_aliases=("Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development")),
    Agency("Sở Tài nguyên và Môi trường", ("Sở Tài nguyên Môi trường", "Sở Tài nguyên"),
           query_aliases=("Tài nguyên và Môi trường", "Department of Natural Resources and Environment")),
    Agency("Sở Y tế", ("Sở Y tế tỉnh",), query_aliases=("Department of Health", "ngành y tế", "ngành y")),
    Agency("Sở Xây dựng", (), query_aliases=("Department of Construction",)),
    Agency("Sở Giáo dục và Đào tạo", ("Sở Giáo dục", "Sở Giáo dục Đào tạo"), query_aliases=("Giáo dục và Đào tạo",
           "Department of Education and Training", "ngành giáo dục")),
    Agency("Sở Công Thương", ("Sở Công nghiệp và Thương mại",), query_aliases=("Department of Industry and Trade",
                                                                              "ngành công thương")),
    Agency("Sở Tài chính", (), query_aliases=("Department of Finance", "ngành tài chính")),
    Agency("Sở Giao thông vận tải", ("Sở Giao thông",), query_aliases=("Department of Transport",)),
    Agency("Sở Văn hóa, Thể thao và Du lịch", ("Sở Văn hóa",),
           query_aliases=("Department of Culture, Sports and Tourism",)),
    Agency("Sở Lao động – Thương binh và Xã hội", ("Sở Lao động",),
           query_aliases=("Lao động – Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs",
                          "Department of Labor, Invalids and Social Affairs")),
    Agency("Công an tỉnh", ("Công an tỉnh Quảng Ngãi",),
           query_aliases=("Công an", "Provincial Police", "Public Security")),
    Agency("Bộ Chỉ huy Quân sự tỉnh", ("Bộ Chỉ huy Quân sự", "Bộ Chỉ huy Quân sự tỉnh Quảng Ngãi"),
           query_aliases=("Military Command", "lực lượng quân sự", "Ban Chỉ huy Quân sự")),
    Agency("Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi",
           ("Ngân hàng nhà nước Việt Nam", "Ngân hàng nhà nước chi nhánh Quảng Ngãi", "Ngân hàng nhà nước")),
    Agency("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
           ("Ban Quản lý Khu kinh tế Dung Quất", "Ban Quản lý Khu kinh tế", "Ban Quản lý các Khu công nghiệp")),
    Agency("Báo Quảng Ngãi", ()),
    Agency("Đài Phát thanh và Truyền hình Quảng Ngãi", ("Đài Phát thanh Truyền hình tỉnh",
                                                         "Đài Phát thanh Truyền hình", "Đài PT-TH")),
    Agency("UBND các huyện, thị xã, thành phố", ("UBND các huyện, thành phố, thị xã", "UBND huyện",
                                                  "UBND cấp huyện", "các huyện, thị xã, thành phố", "cấp huyện",
                                                  "UBND các huyện"), group=True),
    Agency("UBND tỉnh", ("UBND tỉnh Quảng Ngãi",)),
    # Bodies the plan does not task, known so that questions about them are answered "not mentioned".
    Agency("Sở Nội vụ", (), query_aliases=("Department of Home Affairs",)),
    Agency("Sở Tư pháp", (), query_aliases=("Department of Justice",)),
    Agency("Sở Ngoại vụ", (), query_aliases=("Department of Foreign Affairs",)),
    Agency("Sở Nông nghiệp và Môi trường", ()),
    Agency("Sở Dân tộc và Tôn giáo", ("Ban Dân tộc", "Ban Dân tộc tỉnh")),
    Agency("Thanh tra tỉnh", ()),
    Agency("Văn phòng UBND tỉnh", ()),
    Agency("Bộ Khoa học và Công nghệ", (), query_aliases=("Ministry of Science and Technology",)),
    Agency("Cục Thuế tỉnh", ("Cục Thuế",)),
    Agency("Kho bạc Nhà nước tỉnh", ("Kho bạc Nhà nước", "Kho bạc")),
    Agency("Tòa án nhân dân tỉnh", ("Tòa án",)),
    Agency("Viện Kiểm sát nhân dân tỉnh", ("Viện Kiểm sát",)),
    Agency("Sở Du lịch", ()),
    Agency("UBND các xã, phường, đặc khu", ("UBND cấp xã", "UBND các xã, phường"), group=True),
)


@dataclass(frozen=True)
class AgencyMatch:
    agency: Agency
    start: int
    end: int


@lru_cache(maxsize=2)
def _matcher(for_queries: bool) -> tuple[re.Pattern[str], dict[str, Agency]]:
    by_alias: dict[str, Agency] = {}
    for agency in AGENCIES:
        for alias in (agency.name, *agency.aliases, *(agency.query_aliases if for_queries else ())):
            key = " ".join(re.findall(r"\w+", fold(search_form(alias))))
            by_alias.setdefault(key, agency)
    ordered = sorted(by_alias, key=len, reverse=True)
    pattern = "|".join(r"\W+".join(map(re.escape, key.split())) for key in ordered)
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)"), by_alias


def find_agencies(text: str, *, expand: bool = True) -> list[AgencyMatch]:
    """Agencies named in `text`, in order. With `expand`, abbreviations are spelled out first (queries);
    without it, offsets refer to `text` itself (field splitting). "… trực thuộc Sở Y tế" is not a
    mention, nor is "cơ sở Kế hoạch"."""
    pattern, by_alias = _matcher(expand)
    source = search_form(text) if expand else text
    haystack = fold_keep_offsets(source)
    found = []
    for match in pattern.finditer(haystack):
        previous_word = source[: match.start()].lower().split()[-1:]
        if previous_word in (["thuộc"], ["cơ"]) or (previous_word == ["co"] and not has_diacritics(source)):
            continue  # typed without diacritics, "co so y te" reads as "cơ sở y tế" (more common than "có")
        key = " ".join(re.findall(r"\w+", match.group(0)))
        found.append(AgencyMatch(by_alias[key], match.start(), match.end()))
    return found


def agency_by_name(name: str) -> Agency | None:
    matches = find_agencies(name)
    return matches[0].agency if matches else None


def split_agencies(field_text: str) -> list[str]:
    """A lead or coordinator field as a list: named agencies by canonical name, the rest as written.

    "Sở Kế hoạch và Đầu tư, các sở, ngành liên quan, UBND các huyện, thành phố, thị xã" →
    ["Sở Kế hoạch và Đầu tư", "các sở, ngành liên quan", "UBND các huyện, thị xã, thành phố"].
    """
    items: list[str] = []
    position = 0
    for match in find_agencies(field_text, expand=False):
        _add_remainder(items, field_text[position : match.start])
        if match.agency.name not in items:
            items.append(match.agency.name)
        position = match.end
    _add_remainder(items, field_text[position:])
    return items


def _add_remainder(items: list[str], text: str) -> None:
    text = re.sub(r"^(?:[\s,;.]|và\s)+|(?:[\s,;.]|\svà)+$", "", text)
    if re.search(r"\w", text):
        items.append(text[0].upper() + text[1:] if not items else text)
