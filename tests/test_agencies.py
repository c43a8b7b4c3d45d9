"""Agency names in questions and in the lead/coordinator fields of Plan 83: literal input → expected tables."""

import pytest

from assistant.agencies import AGENCIES, agency_by_name, find_agencies, split_agencies


def names(text: str, **kwargs) -> list[str]:
    return [match.agency.name for match in find_agencies(text, **kwargs)]


@pytest.mark.parametrize(("query", "expected"), [
    # with and without diacritics, any case
    ("Sở Y tế chủ trì những nhiệm vụ nào?", ["Sở Y tế"]),
    ("so y te chu tri nhiem vu nao", ["Sở Y tế"]),
    ("SỞ Y TẾ", ["Sở Y tế"]),
    ("Sở Văn hoá, Thể thao và Du lịch làm gì?", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("so van hoa the thao va du lich", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("so lao dong thuong binh va xa hoi", ["Sở Lao động – Thương binh và Xã hội"]),
    # abbreviations
    ("Sở KH&CN có nhiệm vụ gì?", ["Sở Khoa học và Công nghệ"]),
    ("so tt&tt phoi hop nhiem vu nao", ["Sở Thông tin và Truyền thông"]),
    ("Sở TTTT", ["Sở Thông tin và Truyền thông"]),
    ("Sở KH&ĐT chủ trì gì", ["Sở Kế hoạch và Đầu tư"]),
    ("Sở NN&PTNT", ["Sở Nông nghiệp và Phát triển nông thôn"]),
    ("Sở TN&MT", ["Sở Tài nguyên và Môi trường"]),
    ("Sở LĐ-TB&XH", ["Sở Lao động – Thương binh và Xã hội"]),
    ("Sở GD&ĐT", ["Sở Giáo dục và Đào tạo"]),
    ("Sở GTVT", ["Sở Giao thông vận tải"]),
    ("Sở VHTT&DL", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("CA tỉnh làm gì về trí tuệ nhân tạo?", ["Công an tỉnh"]),
    ("BCHQS có nhiệm vụ gì?", ["Bộ Chỉ huy Quân sự tỉnh"]),
    ("NHNN chi nhánh Quảng Ngãi", ["Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"]),
    ("Ủy ban nhân dân tỉnh giao gì?", ["UBND tỉnh"]),
    # short names people type
    ("Sở Khoa học", ["Sở Khoa học và Công nghệ"]),
    ("công an tỉnh", ["Công an tỉnh"]),
    ("Ban Dân tộc tỉnh", ["Sở Dân tộc và Tôn giáo"]),
    # English
    ("What does the Department of Health lead?", ["Sở Y tế"]),
    ("Department of Science and Technology", ["Sở Khoa học và Công nghệ"]),
    ("tasks of the Department of Labor, Invalids and Social Affairs", ["Sở Lao động – Thương binh và Xã hội"]),
    # several, in order
    ("Sở Tài chính và Sở Công Thương", ["Sở Tài chính", "Sở Công Thương"]),
    ("Sở Y tế,Sở Tài chính", ["Sở Y tế", "Sở Tài chính"]),
    # the plan's own spellings
    ("Ngân hàng nhà nước Việt Nam -Chi nhánh Quảng Ngãi", ["Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"]),
    ("UBND các huyện, thành phố, thị xã", ["UBND các huyện, thị xã, thành phố"]),
    # bodies the plan does not task are still known
    ("Sở Nội vụ", ["Sở Nội vụ"]),
])
def test_find_agencies_in_queries(query, expected):
    assert names(query) == expected


@pytest.mark.parametrize("query", [
    "cơ sở Kế hoạch của tỉnh",  # "cơ sở" (basis), not the Department of Planning
    "co so y te tuyen xa",
    "các đơn vị trực thuộc Sở Y tế",
    "Sở nào chủ trì?",
    "ca tỉnh",  # lower-case "ca" is a word, not the police
    "giao thông",
    "ai chủ trì?",
])
def test_find_agencies_has_no_false_hits(query):
    assert names(query) == []


@pytest.mark.parametrize(("query", "expected"), [
    ("Nhiệm vụ nào có Sở Y tế tham gia?", ["Sở Y tế"]),
    ("Kế hoạch có Sở Tài chính phối hợp không?", ["Sở Tài chính"]),
])
def test_find_agencies_after_co_has(query, expected):
    assert names(query) == expected


def test_find_agencies_offsets_without_expand_cut_the_original_text():
    field = "Sở Công Thương, Sở Khoa học và Công nghệ và các sở, ngành liên quan"
    matches = find_agencies(field, expand=False)
    assert [field[m.start:m.end] for m in matches] == ["Sở Công Thương", "Sở Khoa học và Công nghệ"]


def test_find_agencies_without_expand_leaves_abbreviations():
    assert names("Sở KH&CN", expand=False) == []
    assert names("Sở KH&CN") == ["Sở Khoa học và Công nghệ"]


def test_query_aliases_are_for_queries_only():
    # a bare "Khoa học và Công nghệ" in a plan's text is a field of science, not the Department
    assert names("lĩnh vực khoa học và công nghệ", expand=False) == []
    assert names("lĩnh vực khoa học và công nghệ") == ["Sở Khoa học và Công nghệ"]


@pytest.mark.parametrize(("name", "expected"), [
    ("so kh&cn", "Sở Khoa học và Công nghệ"),
    ("Department of Finance", "Sở Tài chính"),
    ("Sở nào", None),
])
def test_agency_by_name(name, expected):
    agency = agency_by_name(name)
    assert (agency.name if agency else None) == expected


def test_agency_names_are_unique():
    all_names = [agency.name for agency in AGENCIES]
    assert len(all_names) == len(set(all_names))


# The coordinator and lead fields of Plan 83, as written, and how they split.
@pytest.mark.parametrize(("field", "expected"), [
    ("Sở Kế hoạch và Đầu tư, các sở, ngành liên quan, UBND các huyện, thành phố, thị xã",  # II.2.a
     ["Sở Kế hoạch và Đầu tư", "các sở, ngành liên quan", "UBND các huyện, thị xã, thành phố"]),
    ("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi và các đơn vị liên quan",  # II.2.b
     ["Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi", "các đơn vị liên quan"]),
    ("Các sở, ban, ngành; UBND các huyện, thị xã, thành phố và các xã ven biển có liên quan",  # II.3.c
     ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố", "các xã ven biển có liên quan"]),
    ("Các sở, ban, ngành liên quan và các đơn vị trực thuộc Sở Y tế",  # II.3.d: Sở Y tế is not a coordinator
     ["Các sở, ban, ngành liên quan và các đơn vị trực thuộc Sở Y tế"]),
    ("Sở Kế hoạch và Đầu tư, Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",  # II.4.d lead
     ["Sở Kế hoạch và Đầu tư", "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"]),
    ("Sở Công Thương, Sở Khoa học và Công nghệ và các sở, ngành liên quan",  # II.4.d
     ["Sở Công Thương", "Sở Khoa học và Công nghệ", "các sở, ngành liên quan"]),
    ("Sở Giao thông vận tải, Sở Văn hóa, Thể thao và Du lịch, Ngân hàng nhà nước Việt Nam -Chi nhánh Quảng Ngãi",
     ["Sở Giao thông vận tải", "Sở Văn hóa, Thể thao và Du lịch",  # II.5.i lead
      "Ngân hàng nhà nước Việt Nam - Chi nhánh Quảng Ngãi"]),
    ("Sở Thông tin và Truyền thông và các sở, ban, ngành, địa phương liên quan",  # II.5.m
     ["Sở Thông tin và Truyền thông", "các sở, ban, ngành, địa phương liên quan"]),
    ("Báo Quảng Ngãi, Đài Phát thanh và Truyền hình Quảng Ngãi",  # II.1
     ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình Quảng Ngãi"]),
    ("UBND các huyện, thành phố, thị xã", ["UBND các huyện, thị xã, thành phố"]),  # II.5.o lead
    ("Các tổ chức, đơn vị liên quan", ["Các tổ chức, đơn vị liên quan"]),
    ("Các Viện, Trường và các tổ chức liên quan", ["Các Viện, Trường và các tổ chức liên quan"]),
    ("Sở Y tế, Sở Y tế", ["Sở Y tế"]),
    ("", []),
])
def test_split_agencies_on_plan_83_fields(field, expected):
    assert split_agencies(field) == expected
