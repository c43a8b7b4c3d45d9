"""Understand a question once, into a `Query`; every later stage reads the Query, never the raw string.

    question ─► understand() ─► Query ─► retrieve ─► decide ─► compose

`understand` repairs the text (keystrokes, diacritics, capitals, invisible characters), separates the
question clause from the chat around it ("Dạ em chào anh chị, em ở phòng văn hóa huyện … cho em hỏi …
Em cảm ơn ạ"), and reads what is asked: fields, agencies, documents and places named, a yes/no claim to
check, counting, status and year, language.
"""

import re
from dataclasses import dataclass, field

from .agencies import Agency, agency_by_name, find_agencies
from .english import glossary_terms, is_english
from .intents import KIND_WORDS, Intent, detect, search_query, topic_words, without_agencies
from .places import names_district, other_provinces
from .repair import Lexicon, clean_characters, repair
from .vocabulary import Vocabulary
from .vntext import fold, fold_keep_offsets, search_form

__all__ = ["Query", "Premise", "understand"]

_DISTRICTS_AGENCY = "UBND các huyện, thị xã, thành phố"

# Whole sentences (or comma-separated openings) that greet, introduce the asker or thank: no question.
_GREETING = re.compile(
    r"^(?:(?:da|vang|alo|hi|hello|hey|kinh gui|xin|oi)\s*)*(?:(?:em|minh|toi|chau|con|tui)\s+)?"
    r"(?:xin\s+)?(?:chao|hello|hi|hey)(?:\s+(?:ban|anh chi|anh|chi|ad|admin|moi nguoi|ca nha|cac ban|em|tro ly"
    r"|bot|quy co quan|there))*(?:\s+(?:a|nhe|nha|oi))*$"
)
# what the asker says of themselves after the question: why they ask, not what
_SELF_TALK = re.compile(r"(?:em|minh|toi|tui|con|chau)\s+(?:can|dang|phai|muon|se|sap|de)(?!\w)")
_THANKS = re.compile(r"(?:cam on|cam ong|thank|thanks|tks|thx|mong (?:duoc|nhan duoc|som)|xin loi vi)")
_INTRODUCTION = re.compile(
    r"^(?:da\s+|vang\s+|thua\s+)?(?:em|minh|toi|chau|con|tui|chung toi|chung em|bon em|tui toi|nha minh"
    r"|nha em|i|i'm|my)\b.*\b(?:la|lam|o|dang|cong tac|moi|vua|tim hieu|phu trach|am|work|from|run)\b")
_QUESTION_CUE = re.compile(
    r"\?|(?<!\w)(?:nao|gi|ai|sao|khong|chua|bao gio|bao lau|bao nhieu|may|o dau|dau|the nao|phai|dung"
    r"|hoi|cho biet|liet ke|ke ra|giai thich|(?<!phong )tong hop|who|what|when|which|how|does|is there|are there"
    r"|chu tri|phoi hop|thoi gian|thoi han)(?!\w)")
# Cues that ask in any sentence; "mấy chỗ đó", "không biết", "nào" also point or deny
_STRONG_CUE = re.compile(r"(?<!\w)(?:hoi|cho biet|liet ke|ke ra|giai thich|chu tri|phoi hop|thoi gian|thoi han|bao gio"
                         r"|bao lau|bao nhieu|ai|who|what|when|which|how)(?!\w)")
_ASK_PREFIX = re.compile(
    r"^(?:(?:anh chi|anh|chi|ban|ad|admin|tro ly)\s+(?:oi\s+)?)?(?:(?:cho|xin|cho phep|giup|nho)\s+)?"
    r"(?:(?:sep|lanh dao|cap tren|thu truong)\s+)?"  # "Sếp em muốn biết …": asked on someone's behalf
    r"(?:(?:em|minh|toi|tui|chau|con)\s+)?(?:duoc\s+)?(?:(?:muon|can)\s+)?(?:hoi|biet|tim hieu|xem)(?!\w)"
    r"(?:\s+(?:chut|voi|xiu|ti|ty|thu|nhanh)(?!\w))*(?:\s+(?:em|minh|toi|tui|chau|con)(?=\s+(?:la|rang)\b))?"  # "Sếp hỏi em là …"
    r"(?:\s+(?:la|rang|ve viec|xem)(?!\w))?\s*[:,]?\s*")
# "Cháu nói bác nghe …", "kể cho em nghe …": a request to be told, around the question
_TELL_ME = re.compile(r"^(?:\w+ )?(?:noi|ke|giai thich|chi)(?: cho| giup)? (?:bac|chu|co|em|minh|toi|tui|anh|chi|con|chau"
                      r"|ong|ba|di|thim)(?: \w+)? (?:nghe|biet|hieu|voi)(?: voi)?(?: la)?\s*[:,]?\s*")
# ", để bên em chủ động liên hệ": why the asker asks, not what
_PURPOSE = re.compile(r"[,;]\s*(?:de|vi) (?:em|minh|toi|tui|chung toi|chung em|ben em|ben minh|bon em|tui em)\b.*$")
# ", nói dễ hiểu thôi hen": how to answer, not what
_HOW_TO_SAY = re.compile(r"[,.;]?\s*(?:(?:noi|viet|tra loi|giai thich)(?: cho)?(?: \w+)? )?(?:de hieu|ngan gon|don gian"
                         r"|cu the|chi tiet)(?: (?:thoi|giup|nhe|nha|hen|voi|a|duoc khong))*\W*$")
_PARTICLES = re.compile(
    r"(?:\s*(?:(?:em |minh |toi |xin )?(?:cam on|thank you|thanks)(?: nhieu| ban| anh chi| ad)?"
    r"|(?<!\.)\b(?:a|nhe|nha|nha|voi|vay|ha|ho|the|oi|ban|ad|nhi|please|thanks)\b|[.!]))+$")
_OWN_BODY = re.compile(
    r"(?:so|don vi|co quan|ben|huyen|xa|thi xa|thanh pho|dia phuong|phong|bao|dai|toa soan|vien|truong|ban)\s+"
    r"(?:em|minh|toi|tui|chung toi|tui toi"
    r"|chung em|bon em)(?!\w)|(?:tui|chung|bon)\s+(?:toi|em|minh)(?!\w)"
    r"|(?:so|don vi|co quan)(?: cu)? cua (?:em|minh|toi|chung toi)(?!\w)")  # "các sở cũ của em"
# "việc này", "vụ đó", "chuyện đó", or a clause that goes on from the one before ("tức là …", "vậy thì …"):
# the question points back at what the asker said before it
_ANAPHOR = re.compile(r"(?<!\w)(?:viec|vu|chuyen|cai|mang|noi dung|nhiem vu|phan) (?:nay|do|ay|kia)(?!\w)"
                      r"|(?<!\w)(?:van ban|ke hoach|quyet dinh|nghi quyet) (?:do|ay|kia)(?!\w)"  # "Văn bản đó ban hành …"
                      r"|(?<!\w)(?:hai |cac |nhung )?(?:so|co quan|don vi|ben)(?: cu| moi)? (?:nay|do|ay|tren)(?!\w)"
                      r"|(?<!\w)(?:ca )?hai (?:so|co quan|don vi)(?: cu)?(?!\w)"  # "phần việc của cả hai sở cũ"
                      r"|(?:dung|phai) (?:the|vay|nhu vay|nhu the) (?:khong|ko)"  # "…, có đúng thế không?"
                      r"|^(?:tuc la|nghia la|vay thi|nhu vay thi|the thi)(?!\w)"
                      # "(Kế hoạch) nói cụ thể sao?": tell more of what was said before
                      r"|^(?:ke hoach |kh |van ban )?(?:noi|neu|ghi|quy dinh) cu the (?:sao|the nao|ra sao|gi)(?: vay)?\W*$")
# "Mình nghe một anh … nói là Sở Xây dựng …": what someone said, the claim a question goes on to check
_REPORTED = re.compile(r"(?<!\w)(?:noi|bao|nghe|hoi|doc thay|thay ghi|ghi|hieu|tuong) (?:la|rang)(?!\w)|nghe (?:noi|bao|doi)(?!\w)"
                       r"|(?<!\w)(?:anh|sep|nguoi ta)(?: \w+){0,4} (?:noi|bao)(?! (?:dam|cao|chi|ve|gi)\b)(?!\w)")
_READ_THAT = re.compile(r"(?<!\w)(?:doc|xem|coi) (?:bao|tin|tren mang|facebook)(?: \w+)? thay(?!\w)")  # "Tôi đọc báo thấy …"
_YES_NO = re.compile(
    r"co phai|phai khong|phai ko|dung khong|dung ko|dung chu\W*$|co dung|dung vay khong|is it (?:true|right)"
    r"|isn't it|right\?|correct\?|(?<!\w)(?:is|does|do|did) (?:the )?\w+ (?:lead|handle|run|coordinate)"
    r"|^(?:is|are|was|were|will|does|do|did) (?!there\b)(?!(?:the )?plan(?: \d+)? (?:have|include|mention|say|set|give|cover|encourage"
    r"|support|promote|require|call for|provide|aim))")
# "UBND huyện có phải làm gì …?": what a body must do, no claim
_MUST_DO = re.compile(r"co phai (?:lam|thuc hien|trien khai|chiu trach nhiem)(?: \w+){0,3}? (?:gi|nhung gi|viec gi|nao)(?!\w)")
# "Sở Công Thương chủ trì việc này à?": a statement turned into a question by its last word, a claim to check
_TAG_QUESTION = re.compile(r"(?<!\w)(?:à|hả|hở|ha)\s*[?.!]*\s*$")
_WH_WORD = re.compile(r"(?<!\w)(?:nao|ai|gi|dau|bao gio|bao lau|bao nhieu|may|sao|the nao|what|who|which|when)(?!\w)")
_EXISTENCE = re.compile(r"^(?:.*\s)?co\s+(?!phai)(?!dung)\S.*\s(?:khong|ko|hay khong)(?: (?:a|vay|nhi|nhe))?(?:\W*$|\s*,)"  # "…không (ạ), ai lo?"
                        r"|^is there|^are there|^does (?:the )?plan")
# "BQL KKT Dung Quất có tham gia phối hợp không?": whether a named body holds a role, a claim to check
_ROLE_ASKED = re.compile(r"(?<!\w)co (?:\w+ ){0,2}(?:chu tri|phoi hop|duoc giao)(?: \S+){0,20} (?:khong|ko|hay khong)\W*$"
                         r"|^(?:is|does) .+ (?:lead|coordinate|take part|involved)")
_COUNTING = re.compile(
    r"(?:bao nhieu|may|tong (?:cong|so)(?: la)?)\s+(?:nhiem vu|viec|dau viec|dau muc|muc|hoat dong|noi dung|nhom)"
    r"|how many (?:tasks|items|duties)|number of tasks|tong cong may|tong so nhiem vu")
_YEARS = re.compile(r"(?<![\d.])(?:(?<=\d/)|(?<!/))((?:19|20)\d\d)(?![\d/.])")  # "2025", and in "31/12/2025"
_COMPANIES = r"viettel|fpt|vnpt|mobifone|cmc"  # companies people name; no plan names any
_MISSING = (  # what a question may ask that an administrative plan does not hold
    ("person", re.compile(r"(?<!\w)ten (?:gi|la gi)(?!\w)|ho ten|ho va ten|ten cua (?:can bo|nguoi)|(?:can bo|chuyen vien|nguoi) nao"
                          r" (?:o|cua|tai) .*(?:phu trach|truc tiep)|giam doc (?:so|la ai)|who is the (?:current |present )?(?:director|head)"
                          r"|name of the (?:person|official|officer)")),
    ("biography", re.compile(r"sinh nam|nam sinh|que (?:o|quan)|bao nhieu tuoi|tieu su|(?<!danh )gia dinh(?! ky)|hoc van"
                             r"|born|how old|biography|hometown")),
    ("location", re.compile(r"(?:(?:xay|lap dat|dat tru so)(?: \w+){0,8}|(?:dat|nam|dong|tru so|lap|to chuc)(?: \w+){0,2})"
                            r" o (?:dau"
                            r"|dung quat|khu kinh te|khu cong nghiep|kcn|kkt"  # a site the plan does not name
                            r"|(?:nhung |cac )?(?!(?:muc|phan|nhiem vu|noi dung|dieu|khoan|chuong) )(?:\w+ ){1,2}nao)"
                            r"|o dia chi nao|tai dia diem nao"
                            r"|where (?:is|are|will|would)\b.*\b(?:located|built|based|be|installed)|location of")),
    # a list of named schools, companies, sites …: a plan names agencies, not these
    ("names", re.compile(r"(?:nhung|cac|danh sach(?: cac| nhung)?) (?:truong(?: \w+)?|cong ty|doanh nghiep|benh vien"
                         r"|nga tu|tuyen duong|xa|phuong|thon|san pham|phan mem|ung dung) (?:nao|gi)(?!\w)"
                         r"|(?<!\w)(?<!loai )(?<!kieu )(?:nha thau|quy(?: dau tu)?(?: mao hiem)?|cong ty|doanh nghiep|hang|ngan hang"
                         r"|benh vien|truong (?:dai hoc|cao dang|thpt|thcs|tieu hoc|pho thong|chuyen)|xa|phuong|thon"
                         r"|startup)(?:(?: \w+){0,2} cu the)? nao(?!\w)"  # "Doanh nghiệp nào ở Dung Quất đã …"
                         r"|duoc chon (?:lam )?(?:diem |noi |don vi )?(?:thi diem|trien khai|diem)"  # "… được chọn làm điểm"
                         r"|truong (?:thpt|thcs|tieu hoc|dai hoc|cao dang|chuyen)(?: chuyen)?(?: \w+){1,3} co duoc (?:giao|chon)"
                         r"|(?:tai|cai|cai dat) (?:ung dung|app|phan mem)(?: \w+){0,2} nao(?!\w)"  # an app to install
                         r"|which (?:schools?|compan(?:y|ies)|hospitals?|communes?|products?|universit(?:y|ies)|firms?)"
                         r"|list of (?:schools|companies)"
                         r"|(?:specific|particular|named|individual) (?:\w+ )?(?:companies|firms|businesses|enterprises)"
                         rf"|such as (?:{_COMPANIES})"
                         rf"|(?<!\w)(?:{_COMPANIES})(?: \w+){{0,3}} (?:among|named|listed|mentioned|partners?)")),
    # a date or deadline: a plan gives years and periods, not days
    ("date", re.compile(r"ngay (?:nao|may|bao nhieu)(?!\w)|ngay thang nao|thang (?:may|nao)(?!\w)|what date|which day"
                        r"|which month|(?:luc )?may gio(?!\w)|khung gio|what time|(?:thang|tuan) (?:nay|sau|toi)(?!\w)"
                        r"|exact (?:\w+ )?(?:date|deadline|day)|day and month|day of the month"
                        r"|(?<!du )lich (?:tap huan|hoc|khai giang|thi)")),
    # how to apply: a plan assigns tasks; it sets no procedure, file or form
    ("procedure", re.compile(r"(?<!\w)(?:thu tuc(?! hanh chinh)|nop ho so|ho so (?!suc khoe)(?:\w+ ){0,3}(?:gom|nop|o dau|the nao|can)"
                             r"|(?:can|chuan bi|mang theo|nop)(?: nhung| cac)? giay to|giay to (?:gi|nao|can|gom)"  # not "giấy tờ hành chính"
                             r"|cach dang ky|nop don|dang ky (?:\w+ ){0,4}(?:the nao|nhu the nao|o dau|ra sao)"
                             r"|lam sao (?:de )?(?:dang ky|tham gia|duoc tham gia))"
                             r"|how (?:do|can) (?:i|we) (?:apply|register)|application (?:form|procedure)")),
    # a sanction or a benefit to a person: a plan assigns tasks to agencies, it fines no one and gives no one a grant
    ("sanction", re.compile(r"(?<!\w)(?:bi xu ly|xu phat|muc phat|bi phat|che tai|ky luat|penalt|sanction|fined)")),
    ("benefit", re.compile(r"(?<!\w)(?:hoc bong|tro cap|(?:cap|phat|tang)(?: \w+){0,3} mien phi|cap (?:phat )?(?:laptop|may tinh)"
                           r"|scholarships?|free (?:laptops?|computers?|courses?)|stipend|subsid)")),
    # taxes are set by law, not by a provincial plan
    ("tax", re.compile(r"(?<!\w)(?:uu dai thue|thue suat|mien thue|giam thue|thue thu nhap|tax (?:incentives?|rates?"
                       r"|breaks?|exemptions?)|corporate income tax)")),
    ("contact", re.compile(r"so dien thoai|sdt|dien thoai|hotline|email|dia chi (?:lien he|email)|lien he (?:ai|voi ai|o dau)"
                           r"|phone|contact")),
    ("amount", re.compile(r"bao nhieu (?:tien|ty|trieu|dong|von|kinh phi|ngan sach)|(?:tong )?kinh phi (?:la )?bao nhieu"
                          r"|(?:ty|trieu) dong|how much (?:money|funding|budget)|budget of|total (?:budget|cost)")),
    # a text that replaced or amended the plan: the library holds the plan, not what came after it
    ("superseded", re.compile(r"(?<!\w)(?:(?:bi|duoc)(?: \w+){0,3} (?:thay the|thay bang|thay boi|sua doi|bai bo)|het hieu luc|con hieu luc khong"
                              r"|replaced|superseded|amended|repealed)")),
    ("result", re.compile(r"da dat duoc|da lam duoc|hoan thanh chua|xong chua|den nay da|da trien khai (?:duoc )?(?:chua"
                          r"|bao nhieu)|bao nhieu phan tram|(?<!bao cao )ket qua (?:\w+ ){0,12}?(?:dat duoc|den nay|ra sao|the nao)"
                          r"|so (?:luong )?(?:nguoi|doanh nghiep|hoc sinh) (?:da|duoc)|achieved|results? so far"
                          # "… đã đưa vào vận hành chưa?": what happened since, not what the plan says
                          r"|(?<!\w)da (?!(?:de cap|noi|nhac|neu|giao|co|dua ra|phan cong|quy dinh)(?!\w))(?:\w+ ){1,16}(?:chua|roi)\W*$"
                          r"|(?:has|have) .+ (?:yet|already)\W*$"
                          r"|chinh thuc (?:chay|hoat dong|van hanh|dua vao|ra mat|khai truong|di vao)"  # a launch since
                          r"|(?:has|have) (?:\w+ ){0,4}(?:supported|funded|trained|achieved|completed|built|deployed|launched)"
                          r"|since (?:the )?(?:plan|it)(?: \S+)? (?:was|were) (?:issued|adopted|signed)")),
)


# Companies or universities by name ("such as Viettel or FPT as partners", "Which universities … are named as
# partners"): no plan names them, whatever role is asked
_NAMED_COMPANY = re.compile(rf"(?<!\w)(?:{_COMPANIES})(?!\w)|(?:specific|particular|named) (?:\w+ )?companies"
                            r"|which (?:universit|compan|school|hospital|firm)")


@dataclass(frozen=True)
class Premise:
    """The claim of a yes/no question: "Có phải Sở Công Thương chủ trì … giai đoạn 2022-2030 không?"."""

    agencies: tuple[Agency, ...]
    years: tuple[int, ...]
    recurring: bool


# "Huyện được giao những việc gì …, và có phải tự lập kế hoạch riêng không?": the tasks first, then a yes/no
_TASKS_THEN_CLAIM = re.compile(r"(?:gi|nao)(?: \w+){0,12}\W*,\s*(?:\w+ ){0,6}(?:co phai|phai|co can|co)(?!\w)")
# What is asked of a document the plan cites (KH 151, NQ 50): where it is cited ("… được nhắc đến trong nhiệm
# vụ nào?"), whether it is ("có nhắc tới NQ 50 không?"), what it is ("KH 151 là gì?")
_WHERE_CITED = re.compile(r"(?:nhac|de cap|vien dan|dan chieu|noi)(?: den| toi)? (?:o |trong |tai )?(?:nhiem vu|muc|phan|doan)"
                          r"(?: \w+)? nao|(?:nhac|de cap|vien dan)(?: den| toi)? o dau|where (?:is|does) .* (?:cited|mentioned)"
                          r"|(?:gan|lien quan) (?:voi|den|toi) (?:nhiem vu|muc|phan|viec) (?:gi|nao)")
_NAMED_DOCUMENT = re.compile(r"(?<!\w)(nghi quyet|nq|quyet dinh|qd|ke hoach|kh|resolution|decision|plan)(?: so| no\.?)?"
                             r" (\d{1,4})(?![\d/.])(?! (?:lan|nam|thang|ngay|nhiem vu|viec)\b)")  # not "kế hoạch 1 lần"
_CITES = re.compile(r"(?<!\w)(?:nhac|de cap|vien dan|dan|can cu)(?!\w)|(?<!\w)(?:mention|refer|cite)")
_WHAT_IS = re.compile(r"(?<!\w)(?:la gi|la (?:ke hoach|van ban|nghi quyet|quyet dinh) gi|what is"
                      r"|(?:la |noi )?ve (?:noi dung |cai |chuyen |van de |linh vuc )?gi"  # "… là về cái gì"
                      r"|la (?:nq|nghi quyet|kh|ke hoach|qd|quyet dinh|van ban) nao)(?!\w)")  # "NQ 50 … là NQ nào?"
_TITLE = re.compile(r"pho chu tich|vice[- ]chair(?:man)?|chu tich|chairman|giam doc|director|bi thu|secretary")
_TITLE_NAMES = {"vice chairman": "pho chu tich", "vice-chairman": "pho chu tich", "vice chair": "pho chu tich",
                "vice-chair": "pho chu tich", "chairman": "chu tich", "director": "giam doc", "secretary": "bi thu"}


@dataclass(frozen=True)
class SignerClaim:
    """Who a yes/no question says signed: "do Phó Chủ tịch UBND tỉnh ký phải không?", "ông Hiền ký …"."""

    title: str | None  # "chu tich", "pho chu tich", "giam doc" …, folded; None when no title is said
    said: str  # the folded clause, where a claimed name is looked for

    @property
    def names_someone(self) -> bool:
        return self.title is None or bool(re.search(r"(?<!\w)(?:ong|ba|mr|ms) \w", self.said))

    def holds_for(self, signer: str) -> bool:
        """Whether the claim fits the signature block ("KT. Chủ tịch, Phó Chủ tịch Trần Phước Hiền")."""
        signed = fold(signer)
        name_fits = not self.names_someone or bool(re.search(rf"(?<!\w){re.escape(signed.split()[-1])}(?!\w)", self.said))
        title_fits = self.title is None or (self.title in signed and not (  # "chu tich" is in "pho chu tich"
            self.title == "chu tich" and "pho chu tich" in signed))
        return name_fits and title_fits


def _document_ask(folded: str, *, yes_no: bool) -> str | None:
    if _WHERE_CITED.search(folded):
        return "where"
    if yes_no and _CITES.search(folded):
        return "cited"
    return "what" if _WHAT_IS.search(folded) else None


def _signer_claim(folded: str, premise: Premise | None) -> SignerClaim | None:
    if premise is None or not re.search(r"(?<!\w)(?:ky|signed)(?!\w)", folded):
        return None
    title = _TITLE.search(folded)
    return SignerClaim(_TITLE_NAMES.get(title.group(0), title.group(0)) if title else None, folded)


@dataclass(frozen=True)
class Query:
    """A question, understood. `clause` is what retrieval and matching read; `text` is all of it, repaired."""

    original: str
    text: str
    clause: str
    wrapper: str
    lang: str
    folded: str  # the clause with abbreviations spelled out, folded: what patterns read
    intent: Intent
    agencies: tuple[Agency, ...]
    doc_numbers: tuple[str, ...]
    other_provinces: tuple[str, ...]
    premise: Premise | None
    existence: bool  # "Có học bổng AI không?": the answer starts with yes or no
    counting: bool
    missing: str | None  # what plans never hold, one of the kinds of _MISSING (a person, a phone number …)
    own_body: bool = False  # "sở mình", "trường em": the question is about the asker's own body (the wrapper names it)
    plan_terms: tuple[str, ...] = field(default=())  # from the everyday-words vocabulary
    topic_text: str = ""  # the clause in the plan's words: everyday phrases replaced by the plan's terms
    parts: tuple[str, ...] = ()  # "ai theo dõi …, và nếu vướng mắc thì báo cáo qua đâu": each ask, when two
    asks_signer: bool = False  # "Ai ký kế hoạch 83?", "Who signed …": the signature first
    yes_no: bool = False  # answered with yes or no first: a claim, "có … không?", "Does/Is …?"
    tasks_then_claim: bool = False  # "… được giao những việc gì, có phải tự lập kế hoạch không?": tasks first
    counts_bodies: bool = False  # "bao nhiêu đơn vị chủ trì?": a number of bodies, not an amount
    document_ask: str | None = None  # of a cited document: "where" cited, whether "cited", "what" it is
    named_documents: tuple[tuple[str, str], ...] = ()  # ("Nghị quyết", "52") for "Nghị quyết 52-NQ/TW"
    leads_nothing_claimed: bool = False  # "X chỉ phối hợp chứ không chủ trì nhiệm vụ nào, đúng không?"
    signer_claim: SignerClaim | None = None  # "do Phó Chủ tịch UBND tỉnh ký phải không?"

    @property
    def search_text(self) -> str:
        """What the rankers match: the clause without asking words, plus the plan's terms for everyday
        words and, for English, the Vietnamese terms of the glossary."""
        text = search_query(self.clause)
        about = self.clause
        if self.checks_a_body:  # "… đối bờ thì Sở Y tế chủ trì hả?": the body is not what the task is about
            text = without_agencies(text) or text
            about = without_agencies(self.clause) or self.clause  # "Is the Provincial Police …": no police terms
        extra = [*self.plan_terms, glossary_terms(about) if self.lang == "en" else ""]
        return " ".join([text, *filter(None, extra)])

    @property
    def claimed(self) -> bool:
        return self.premise is not None

    @property
    def checks_a_body(self) -> bool:
        """A claim, or a question of the role a named body holds ("X có tham gia … không?"): the body is checked
        against the task found, so it must not choose the task."""
        return self.claimed or self.intent.which_role

    @property
    def has_topic(self) -> bool:
        """Whether the question says what about: topic words, or everyday words the vocabulary knows
        ("còn thời gian thực hiện?" has none and is a follow-up)."""
        return bool(topic_words(self.clause) or self.plan_terms)


def _split_wrapper(text: str) -> tuple[str, str]:
    """(question clause, wrapper): greetings, self-introductions and thanks set apart, ask-prefixes
    ("cho em hỏi", "muốn hỏi là") and trailing particles ("ạ", "nhé") dropped."""
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+|\n+", text) if s.strip()]
    kept, wrapper, introductions = [], [], []
    for sentence in sentences:
        parts = [p for p in re.split(r"(?<=[,;:])\s+", sentence) if p.strip()]
        # leading parts that greet or introduce; a trailing thank-you
        while len(parts) > 1 and _is_wrapper(parts[0]):
            wrapper.append(parts.pop(0))
            introductions += [wrapper[-1]] if _is_introduction(wrapper[-1]) else []
        while len(parts) > 1 and (_THANKS.search(fold(parts[-1])) or _SELF_TALK.match(fold(parts[-1]))) \
                and not _QUESTION_CUE.search(_fold_asking(parts[-1])):  # "…, em cần đưa vào báo cáo gấp"
            wrapper.append(parts.pop())
        whole = " ".join(parts)
        if _is_wrapper(whole):
            wrapper.append(whole)
            introductions += [whole] if _is_introduction(whole) else []
        else:
            kept.append(whole)
    if not kept:
        return text, ""
    marked = [i for i, part in enumerate(kept) if "?" in part]
    asking = [part for i, part in enumerate(kept) if "?" in part or _QUESTION_CUE.search(_fold_asking(part)) and not (
        # after the last question mark, "Em đang tính xin việc ở mấy chỗ đó nên muốn biết" only says why
        marked and i > marked[-1] and not _STRONG_CUE.search(_fold_asking(part)))]
    context = [part for part in kept if part not in asking]
    if asking:  # "Lãnh đạo giao em theo dõi kế hoạch." is context: the question is the sentence that asks
        wrapper += context
        kept = asking
    clause = " ".join(_strip_asking(_what_was_said(part)) for part in kept).strip()
    # "…có nhắc chuyện tập huấn cho học sinh. Việc này sở nào chủ trì?": the topic is said before. A
    # self-introduction ("Tôi nhớ hồi đó có việc làm phần mềm …") may carry it too, when the question has none.
    if context and (not topic_words(clause) or _ANAPHOR.search(fold(clause))):
        clause = " ".join([*map(_what_was_said, context), clause]).strip()
    elif introductions and not topic_words(_up_to_anaphor(clause)) and not find_agencies(clause):  # "UBND huyện …"
        clause = " ".join([introductions[-1], clause]).strip()
    return clause or text, " ".join(wrapper)


def _asks(clause: str) -> tuple[str, ...]:
    """The asks of a clause that joins two with ", và" / ", còn" ("cơ quan nào theo dõi …, và nếu có vướng
    mắc thì báo cáo qua đâu"), each with words of its own; () for a single ask."""
    parts = [p.strip(" ,?.") for p in re.split(r",\s*(?:và|còn|and)\s+", clause)]
    parts = [p for p in parts if topic_words(p)]
    return tuple(parts) if len(parts) > 1 else ()


def _what_was_said(part: str) -> str:
    """"ba mình trồng rau, ông hay hỏi là nhà nước có tính dùng máy móc …" → "nhà nước có tính dùng máy móc …":
    what was said or read, without who said it (its words would count as topic words the plan lacks)."""
    folded = fold_keep_offsets(part)
    cues = [m for m in [*_REPORTED.finditer(folded), *_READ_THAT.finditer(folded)]
            if not _QUESTION_CUE.search(_fold_asking(part[: m.start()]))  # "Sở nào chủ trì, nghe nói là …" keeps all
            and not part[m.start() : m.end()].lower().startswith("hơi")]  # "em thấy hơi lạ" is no "hỏi là"
    end = max((m.end() for m in cues), default=0)
    said = part[end:].strip(" ,:")
    return said if topic_words(said) else part  # "… nghề ghi là sở nào chủ trì?": what follows asks, keep all


def _up_to_anaphor(clause: str) -> str:
    """The clause before "việc này", "vụ đó" …: what it says before pointing back (all of it if it doesn't).
    "cơ chế thu hút FDI …, ai chủ trì cơ chế đó?" names its topic first; "vậy ai lo việc đó?" does not."""
    match = _ANAPHOR.search(fold(clause))
    return clause[: match.start()] if match else clause


# Question words and the written words that fold like them: "đầu tư", "máy tính", "ứng dụng", "hội thảo"
# ask nothing. Words typed without diacritics keep both readings.
_CUE_FORMS = {"dau": "đâu", "may": "mấy", "dung": "đúng", "hoi": "hỏi", "nao": "nào", "gi": "gì", "sao": "sao",
              "phai": "phải", "chua": "chưa", "khong": "không"}


def _fold_asking(part: str) -> str:
    """Folded for finding question words: "AI" (the technology, as `repair` wrote it) is not "ai" (who),
    and "đầu" (in "đầu tư") is not "đâu" (where). In accented text a word typed without marks is that word:
    "nội dung" is no "đúng"."""
    words = re.findall(r"\w+", part)
    accented = sum(not w.isascii() for w in words) >= 0.4 * len(words) if words else False

    def mask(match: re.Match) -> str:
        word = match.group(0)
        cue = _CUE_FORMS.get(fold(word))
        marked_elsewhere = word.isascii() and accented and not cue.isascii() if cue else False
        return "_" if cue and (not word.isascii() or marked_elsewhere) and word.lower() != cue else word

    return fold(re.sub(r"\w+", mask, re.sub(r"(?<!\w)AI(?!\w)", "TTNT", part)))


def _is_wrapper(part: str) -> bool:
    folded = _fold_asking(part).strip(" ,.!;:")
    if not folded:
        return True
    if _GREETING.match(folded) or (m := _ASK_PREFIX.match(folded)) and m.end() == len(folded):
        return True  # "Xin chào", "Anh chị ơi cho em hỏi với"
    if _QUESTION_CUE.search(folded) or "?" in part or _REPORTED.search(folded):
        return False
    thanks = _THANKS.search(folded)  # "Em cảm ơn nhiều ạ!", not a question that ends in thanks
    return bool(thanks and (thanks.start() < 12 or len(folded.split()) <= 8) or _INTRODUCTION.match(folded))


def _is_introduction(part: str) -> bool:
    """"Tụi em muốn tổ chức cho học sinh học AI": said about the asker, and may name what is asked about."""
    folded = _fold_asking(part).strip(" ,.!;:")
    return bool(_INTRODUCTION.match(folded)) and not _GREETING.match(folded) and not _THANKS.search(folded)


def _strip_asking(part: str) -> str:
    """"cho em hỏi là sở nào …" → "sở nào …"; "… vậy ạ?" → "…?". Offsets kept by cutting on the folded form."""
    folded = fold_keep_offsets(part)
    prefix = _TELL_ME.match(folded) or _ASK_PREFIX.match(folded)
    start = prefix.end() if prefix and prefix.end() < len(folded) else 0
    body, mark = part[start:].rstrip(), ""
    for pattern in (_PURPOSE, _HOW_TO_SAY):
        tail = pattern.search(fold_keep_offsets(body))
        if tail and tail.start() > 0:
            body = body[: tail.start()].rstrip()
    if body.endswith("?"):
        body, mark = body[:-1].rstrip(), "?"
    suffix = _PARTICLES.search(fold_keep_offsets(body))
    if suffix and suffix.start() > 0:
        body = body[: suffix.start()]
    return body.strip(" ,") + mark


def understand(question: str, lexicon: Lexicon, vocabulary: Vocabulary | None = None) -> Query:
    """The Query of a validated question (NFC, trimmed). `lexicon` restores diacritics and corrects slips;
    `vocabulary` maps everyday words to the plan's terms."""
    vocabulary = vocabulary or Vocabulary()
    cleaned = clean_characters(question)
    lang = "en" if is_english(cleaned) else "vi"
    text = repair(cleaned, lexicon, english=lang == "en")
    clause, wrapper = _split_wrapper(text)
    folded = fold(search_form(clause))
    agencies = tuple(dict.fromkeys(m.agency for m in find_agencies(clause)))
    own = _OWN_BODY.search(folded)
    own_body = bool(own)
    if own:  # "sở mình (tính cả sở cũ) được giao gì": the body named in the wrapper first
        agencies = tuple(dict.fromkeys([*(m.agency for m in find_agencies(wrapper)), *agencies]))
        folded_wrapper = fold(wrapper)
        at_a_district = names_district(folded_wrapper) or re.search(r"(?<!\w)(?:huyen|thi xa)(?!\w)", folded_wrapper)
        # "trường em", "các trường THPT bọn em": a school (or paper) in a district, not the district's UBND
        a_school_or_paper = bool({"truong", "vien", "bao", "dai", "soan"} & set(folded[: own.end()].split()[-5:-1]))
        if not agencies and at_a_district and not a_school_or_paper:  # "huyện", not "chuyên viên"
            agencies = (agency_by_name(_DISTRICTS_AGENCY),)
    no_wh_word = not _WH_WORD.search(_fold_asking(clause))
    role_asked = _ROLE_ASKED.search(folded)
    # "Sở Y tế có phối hợp … không?" claims a role for the body before "có", not for one after "phối hợp với"
    role_claimed = bool(role_asked) and bool(role_asked.start() == 0 or find_agencies(folded[: role_asked.start()]))
    yes_no = bool(_YES_NO.search(folded)) and not _MUST_DO.search(folded) or no_wh_word and bool(
        _TAG_QUESTION.search(text.lower()) or agencies and role_claimed)
    intent = detect(folded, agencies, claim=yes_no)
    premise = None
    if yes_no:
        years = tuple(int(y) for y in _YEARS.findall(folded))
        premise = Premise(tuple(a for a in agencies if a.name != "UBND tỉnh"), years,
                          bool(re.search(r"thuong xuyen|hang nam|ongoing|regular", folded)))
    missing = next((kind for kind, pattern in _MISSING if pattern.search(folded)  # "những trường nào phối hợp": a
                    and not (kind == "names" and intent.fields and not _NAMED_COMPANY.search(folded))  # role;
                    # "UBND huyện chủ trì việc gì, kiểu làm giấy tờ thủ tục cho dân?": the procedures are a topic
                    and not (kind == "procedure" and intent.agency_tasks)), None)
    existence = not yes_no and bool(_EXISTENCE.search(folded))
    answered_yes_or_no = existence or premise is not None or bool(re.match(r"(?:does|do|is|are)\b", folded))
    return Query(
        original=question,
        text=text,
        clause=clause,
        parts=_asks(clause),
        asks_signer=bool(re.search(r"(?<!\w)ky(?!\w)|(?<!\w)sign", folded)),
        yes_no=answered_yes_or_no,
        tasks_then_claim=bool(_TASKS_THEN_CLAIM.search(folded)),
        counts_bodies=bool(re.search(r"bao nhieu (?:don vi|co quan|so|ben)", folded)),
        document_ask=_document_ask(folded, yes_no=answered_yes_or_no),
        named_documents=tuple((KIND_WORDS[kind], number) for kind, number in _NAMED_DOCUMENT.findall(folded)),
        signer_claim=_signer_claim(folded, premise),
        leads_nothing_claimed=premise is not None and bool(re.search(
            r"(?:khong|chua) (?:duoc giao )?chu tri (?:\w+ )?(?:nhiem vu|viec) nao|chi (?:la (?:don vi )?)?phoi hop", folded)),
        wrapper=wrapper,
        lang=lang,
        folded=folded,
        intent=intent,
        agencies=agencies,
        doc_numbers=intent.doc_numbers,
        other_provinces=tuple(other_provinces(clause)),
        premise=premise,
        existence=existence,
        counting=bool(_COUNTING.search(folded)),
        missing=missing,
        own_body=own_body,
        plan_terms=tuple(vocabulary.plan_terms(clause)),
        topic_text=vocabulary.rewrite(search_form(clause)),  # "Sở GD&ĐT" spelled out, so its name is no topic
    )
