"""What a question asks: which task fields, an agency's tasks, document metadata, or free content.

Patterns are written on folded text (no diacritics, lower case, abbreviations spelled out), so
"Sở nào chủ trì", "so nao chu tri" and "Who leads" meet the same rules.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .agencies import Agency, find_agencies
from .english import is_english
from .vntext import fold_keep_offsets, search_form

__all__ = ["Intent", "StatusQuery", "detect", "topic_words", "topic_pairs", "search_query", "without_agencies", "STOPWORDS",
           "FIELD_INTENTS"]

FIELD_INTENTS = ("lead", "coordinators", "timeframe")

_LEAD = re.compile(
    r"(?:chu tri|chu chi|(?<!\w)ai (?:se |duoc )?(?:lam|lo|phu trach|thuc hien|chiu trach nhiem|dam nhiem|dam nhan"
    r"|trien khai|ho tro|to chuc|quan ly|dung ra)|giao (?:cho )?ai(?!\w)|cap nao (?:chu tri|lo|phu trach)|(?<!\w)ai (?:duoc|se duoc) giao"
    r"|^ai(?!\w)(?! la\b| phoi hop)|(?:so|co quan|don vi|ben|nganh) nao(?!.*phoi hop)|do (?:ai|so nao|co quan nao|don vi nao)"
    r"|phu trach|dau moi|(?<!\w)leads?(?!\w)|(?<!\w)leading(?!\w)"
    r"|chiu trach nhiem|who (?:leads|is responsible|is in charge|handles|runs|is leading|will lead)"
    r"|which (?:departments?|agenc(?:y|ies)|bod(?:y|ies)|offices?|authorit(?:y|ies))|in charge|responsible"
    r")(?!\w)"  # whole words: "chủ trì" is no "chu trình"
)
_WHICH_AGENCY = re.compile(r"(?:so|co quan|don vi|ben|nganh|cap) nao (?:duoc giao |se |duoc )?(?:chu tri|lo|lam|phu trach|phoi hop)"
                           r"|(?<!\w)ai (?:chu tri|lo|lam|phu trach|phoi hop)|which (?:department|agenc)")
_STRONG_LEAD = re.compile(r"chu tri|chu chi|phu trach|dau moi|(?<!\w)leads?(?!\w)|in charge|responsible|(?<!\w)ai lo")
_COORDINATORS = re.compile(
    r"phoi hop|cung (?:voi|tham gia|lam)|lam chung|ho tro (?:thuc hien|trien khai)|coo?rdinat|partner|work(?:s|ing)? with"
    r"|supporting (?:agenc|bod)"
)
_WHEN = (
    r"^han(?! che)(?!\w)|thoi gian|thoi han|khi nao|chung nao|bao gio|bao lau|luc nao|nam nao|nam may|den nam nao|giai doan nao|tien do|han chot|may nam"
    r"|nam bao nhieu|mot lan|thuong xuyen khong|how often|period|duration"
    r"|(?<!\w)han (?:la|den|nao)|deadline|(?<!\w)when(?!\w)|time ?frame|how long|until|by what year|schedule"
    r"|what period|(?<!\w)by when|timeline"
)
# "định kỳ" asks how often, and is what the plan says too ("định kỳ báo cáo"): a field asked, kept for ranking
_TIMEFRAME = re.compile(_WHEN + r"|dinh ky")
_WHEN_WORDS = re.compile(_WHEN)
_AGENCY_TASKS = re.compile(
    r"(?:nhiem vu (?:nao|gi)|nhung (?:nhiem vu|viec|gi)|lam (?:nhung |cac )?(?:gi|viec gi)|viec gi"
    r"|(?:chu tri|phoi hop|phu trach|giao) (?:nhung |cac )?(?:gi|nhiem vu|viec)|duoc giao"
    r"|what tasks|which tasks|tasks? (?:does|do|of|for)|what (?:does|do|is) .+ (?:lead|do|responsible)"
    r"|(?:give|assign)s? (?:\S+ ){1,10}?tasks"
    r"|responsible for what|in charge of(?:\?|$)|liet ke|danh sach|(?:cac|nhung) viec"
    r"|(?:mang|linh vuc|phan viec|phan|dau viec|noi dung)(?: \w+){0,7} nao|(?:phan viec|dau viec)(?: \w+){0,6} (?:la )?gi"
    r"|lien quan (?:gi|the nao|ra sao|nhu the nao)(?: (?:den|toi|voi))?|(?:phan viec|dau viec).{0,120}?(?:la gi|nhung gi)"
    r")(?!\w)"  # whole words: "làm giáo dục" holds no "làm gì", "những giải pháp" no "những gì"
)
# The same asking words for stripping a question down to its topic: "mảng ngân hàng do đơn vị nào" keeps
# "ngân hàng" (only "mảng nào", "lĩnh vực nào" go)
_AGENCY_TASKS_WORDS = re.compile(_AGENCY_TASKS.pattern.replace(r"(?: \w+){0,7} nao", " nao"))
# "Sở Tài chính có trách nhiệm gì (trong kế hoạch này)?": its tasks, unless a part of the plan is named
_ROLE = re.compile(r"(?:trach nhiem|vai tro) (?:gi|nao|the nao|ra sao)(?: (?:trong|theo) (?:ke hoach|kh)(?: \w+){0,2})?(?:\W*$|,)")
_METADATA = re.compile(
    r"so hieu|ky hieu|ngay ban hanh|ban hanh (?:ngay|khi nao|nam nao|luc nao)|(?:ai|nguoi|do ai) ky|ky (?:ngay|boi)"
    r"|(?:co quan|ai|don vi)(?: nao)? ban hanh|do ai ban hanh|ban hanh boi|ten (?:day du|van ban|ke hoach|chinh thuc)"
    r"|trich yeu|(?:quyet dinh|van ban) nao|so may|ky (?:nam|ngay) nao|ky khi nao|ky luc nao"
    r"|(?:ke hoach|van ban)(?: nay)? so bao nhieu|(?:la )?cua (?:tinh|co quan) nao"
    r"|(?<!\w)ky (?:ban hanh )?(?:ke hoach|van ban|quyet dinh)"  # "Ông … ký (ban hành) kế hoạch này … phải không?"
    r"|ap dung cho giai doan|(?<!\w)(?:signed|issued|issuing)|date of|number of|title of|full name|what is .* about"
    r"|(?:do|boi) (?:\w+ ){1,9}ky(?: truc tiep| thay| ban hanh)?\W+(?:phai|dung|ha|a)(?!\w)|qd nao|quyet dinh so may|thuc hien (?:quyet dinh|qd) nao"
    r"|which (?:national )?decision|what decision|(?:plan|it)(?: \S+){0,2} implements?|(?:thuc hien|trien khai) chien luoc (?:gi|nao)"
    r"|(?:ke hoach|kh|van ban)(?: \S+){0,2} (?:thuc hien|trien khai|can cu|can cu vao|theo) (?:quyet dinh|qd)"
    r"|can cu (?:phap ly|phap luat|ban hanh|vao (?:dau|van ban nao|quyet dinh nao))|legal basis"
    r"|(?:ke hoach|van ban)(?: nay)? (?:co )?(?:duoc )?gui bao cao(?: (?:len|cho|den|ve))?"
)
# "Kế hoạch 83 nhắc tới những kế hoạch nào khác?", "Which plans does Plan 83 refer to?": the documents it cites
_CITED_DOCUMENTS = re.compile(
    r"(?:nhac (?:toi|den)|vien dan|dan chieu|dan ra|(?<!nguoi )(?<!\w)dan|neu ra|refer(?:s|red)? to|cites?"
    r"|mentions?)(?: (?!\d)\S+){0,3}? (?:nhung |cac )?"
    r"(?P<kind>ke hoach|kh|van ban|quyet dinh|qd|nghi quyet|nq)(?: (?!\d)\S+){0,4}? (?:nao|gi|khac)(?!\w)"
    r"|(?:which|what) (?:\w+ ){0,3}?(?P<kind_en>plan|document|decision|resolution|text)s?(?!\w)(?: \S+){0,6} (?:refer|cite|mention)"
    r"|(?:which|what) other (?:\w+ )?(?P<kind_other>plan)s(?: \S+){0,8} (?:implement|carry out|roll out)"  # tasks of KH 74, 151
    # "KH 83 căn cứ NQ nào?": what the plan rests on; "Cơ chế thu hút FDI căn cứ nghị quyết nào?" asks the task's text
    r"|^(?:ke hoach|kh|van ban)(?: (?:nay|so \d+|\d+(?:/\S+)?))? can cu(?: vao| theo)? (?:nhung |cac )?"
    r"(?P<kind_basis>ke hoach|kh|quyet dinh|qd|nghi quyet|nq)(?: (?!\d)\S+){0,4}? (?:nao|gi)(?!\w)"
    # "Nghị quyết nào của Bộ Chính trị được nhắc đến trong kế hoạch?"
    r"|(?<!\w)(?P<kind_passive>ke hoach|kh|van ban|quyet dinh|qd|nghi quyet|nq)(?: (?!\d)\S+){0,4}? (?:nao|gi|khac)(?: \S+){0,5}? "
    r"(?:(?:duoc )?(?:nhac (?:toi|den)|de cap|vien dan|dan chieu|neu|dan) (?:trong|o|tai|boi) (?:ke hoach|kh|van ban)"
    r"|duoc (?:ke hoach|kh|van ban)(?: (?:nay|83|\d+/kh-ubnd))? (?:nhac (?:toi|den)|de cap|vien dan|dan chieu|neu|dan))(?!\w)")
KIND_WORDS = {"ke hoach": "Kế hoạch", "kh": "Kế hoạch", "quyet dinh": "Quyết định", "qd": "Quyết định",
              "nghi quyet": "Nghị quyết", "nq": "Nghị quyết", "plan": "Kế hoạch",
              "decision": "Quyết định", "resolution": "Nghị quyết"}
# "Kế hoạch này gửi cho những cơ quan nào?" asks for the recipients, though "cơ quan nào" reads as a lead
_RECIPIENTS = re.compile(r"(?<!thuc hien )(?:ke hoach|van ban)(?: \S+){0,6} (?:co )?(?:duoc )?gui (?:len|cho|den|ve|toi)"
                         r"|(?:ke hoach|van ban)(?: \S+){0,3} co (?:duoc )?gui (?:\S+ ){1,10}(?:khong|ko)\b"  # "… có gửi (báo cáo) Bộ … không"
                         r"|noi nhan|gui (?:toi |den )?(?:nhung|cac) noi nao|sent to|recipients?"
                         r"|(?:ke hoach|van ban)(?: \S+){0,3} (?:duoc )?(?:gui|bao cao) (?:len |cho |ve )?(?:nhung |cac )?"
                         r"(?:bo|so|co quan|noi|dau) nao")
# "Kế hoạch này nói về gì?", "Quyết định 127 ngày nào?" ask about the document, unless the question names a
# topic of its own first ("Dùng AI cho trồng trọt … thì kế hoạch nói gì?", "Hạn nộp báo cáo … là ngày mấy?")
_ABOUT_WHAT = re.compile(r"(?:ke hoach|van ban|quyet dinh)(?: \S+){0,3} (?:(?:noi |de cap )?ve (?:noi dung |cai |chuyen |van de |linh vuc |viec )?gi|la (?:ke hoach|van ban|quyet dinh|nghi quyet) gi"
                         r"|noi (?:ve )?gi)(?: \w+)?\W*$"
                         r"|(?:ke hoach|van ban|kh|quyet dinh|qd|chien luoc)(?: \S+){0,4} ngay (?:nao|may|bao nhieu)")  # its date
_DOC_NUMBER = re.compile(r"(?<![\w/.])(\d{1,4})(?:\s*/\s*(?:kh|qd|qđ)[\w\-–]*)?(?![\d/.])")
_LEAD_ASKED = re.compile(r"(?:nao|ai) (?:dung ra |se )?(?:chu tri|lo|phu trach)|chu tri (?:la )?(?:ai|\w+ nao)"
                         r"|giao (?:cho )?(?:so|co quan|don vi|ben|ai)(?: nao)?(?!\w)"
                         r"|(?<!\w)ai (?:lo|phu trach|lam)|who (?:leads|is in charge)|which \w+ leads?")
# "X chủ trì hay phối hợp?", "X có vai trò gì trong việc …?", "X có tham gia … không?": the role X holds in a task
_WHICH_ROLE = re.compile(r"chu tri hay (?:chi )?(?:la )?phoi hop|phoi hop hay (?:la )?chu tri|lead(?:s|ing)? or coordinat"
                         r"|(?:giu |dong )?vai tro (?:gi|nao|the nao|ra sao) (?:trong|o|voi) (?:viec|nhiem vu|mang|linh vuc|phan"
                         r"|cong tac)|tham gia (?:voi )?vai tro (?:gi|nao)"
                         r"|(?<!\w)(?:co|duoc) tham gia(?: \S+){0,12} (?:khong|ko)\W*$|what role"
                         r"|(?<!\w)thi .{0,60}(?:giu|dong|co) vai tro (?:gi|nao|the nao|ra sao)\W*$"  # "Y thì X giữ vai trò gì?"
                         r"|^(?:does|do|is|are) .+ (?:take part|involved|participat)")
_TASK_NAMED = re.compile(r"(?:trong|o|voi|ve|cua) (?:viec|nhiem vu|cong tac|mang|linh vuc|phan|chuyen|du an) (?!nay|do|gi|nao)\w+"
                         r"|^(?!.*ke hoach)(?:\S+ ){2,}thi "  # "… trong việc thu hút FDI", "Thu hút FDI thì X …"
                         r"|tham gia (?:vao |trong )?(?!khong|ko|gi|nao|voi|thuc hien)\w+|(?:take part|involved|participat\w*) in \w+")  # "X có tham gia thương mại điện tử không?"
_TASK_LIST_ASKED = re.compile(r"(?:nhung|cac) (?:viec|nhiem vu|phan viec)|nhiem vu (?:gi|nao)|viec gi|phan viec")
_AMONG_COORDINATORS = re.compile(r"(?<!\w)co (?:nam trong|nam o|thuoc|o trong|trong|duoc (?:xep|dua) vao)(?: \S+){0,3}? "
                                 r"(?:(?:don vi|co quan|ben|thanh phan) )?phoi hop")
_COORDINATORS_ASKED = re.compile(r"(?:nao|ai)(?: \w+){0,2} phoi hop|phoi hop (?:voi (?:\w+ ){1,3})?(?:la )?(?:ai|nao)(?!\w)")
_BESIDES_LEAD = re.compile(r"ngoai (?:so|don vi|co quan|ben)(?: \w+){0,6} chu tri|besides the lead|other than the lead|with the lead")
# Questions about the plan's general provisions (III Kinh phí, IV Tổ chức thực hiện, I Mục đích): answered
# from the passage even when phrased "qua sở nào?", "bao lâu?".
_CONTENT_TOPICS = re.compile(
    r"bao cao|don doc|theo doi|danh gia|kinh phi|nguon von|muc dich|yeu cau|to chuc thuc hien|vuong mac"
    r"|(?<!\w)report|evaluat|monitor|funding|funded|(?<!\w)funds?(?!\w)|allocat|purpose|objective|requirement"
)
_QUANTITY = re.compile(r"(?<!nam )bao nhieu(?! nam)|how (?:much|many)|muc luong|so tien|total (?:budget|cost|amount)|dollars?|usd")

# Phrases and words that ask rather than say what about: removed to find a question's topic. Single
# syllables are listed only when they are function words in every reading ("hội" of "hội thảo" stays).
STOP_PHRASES = tuple(sorted(
    (" ".join(phrase.split()) for phrase in """tri tue nhan tao|trien khai|ung dung|ke hoach|nhiem vu
    |thuc hien|chu tri|chu chi|phoi hop|thoi gian|thoi han|khi nao|chung nao|bao gio|bao lau|luc nao|co quan|don vi
    |phu trach|chiu trach nhiem|dam nhiem|dam nhan
    |dau moi|cho biet|xin hoi|muon biet|vui long|nhu the nao|the nao|ra sao|la gi|hien nay|quang ngai
    |nguoi ta|cu the|toan bo|tham gia|linh vuc|giai doan|cong viec|tren dia ban|dia ban|duoc giao
    |giao nhiem vu|lam gi|lo vu|trach nhiem|lay tu dau|tu dau|o dau|in charge|responsible for
    |dat ra|doi voi|giup minh|giup toi|dung ra|who is|thuong xuyen khong|mot lan hay|hay mot lan|theo dot
    |nghe noi|khong biet|mang nay|linh vuc nay|kieu vay|kieu nay|nhu vay|tinh minh|cua tinh|o tinh|theo ke hoach
    |trong ke hoach|ke hoach nay|cho hoi|muon hoi|xin hoi|giai thich|tong hop|giup em|cho em|cho minh|the nao
    |duoc khong|co khong|hay khong|phai khong|dung khong|co phai|dua vao|xai|lam sao|o dau|ap dung
    |liet ke|anh chi|chuong trinh gi|chuong trinh nao|bat dau|gom ai|gom nhung ai|gom nhung don vi nao
    |gom nhung gi|gom nhung|cai phan|giao cho ai|giao ai""".split("|")),
    key=len, reverse=True,
))
STOPWORDS = frozenset(
    """ai la gi nao nhung cac cua ve trong cho voi va hoac thi sao con de duoc bi do co khong chua da se dang
    nay kia ay the nhu khi lau nhieu may vay a oi nhe chi so tinh nam theo tai o phai tu den toi ben nganh
    minh cap ra lo lam di vao mot viec han ubnd ngay luon roi moi van cung deu nen muon biet hay xem thay toi
    giup nho nhac ca lan""".split()
)
# Only for English questions: "to", "an", "do", "in" are Vietnamese syllables too (tổ chức, an ninh).
ENGLISH_STOPWORDS = frozenset(
    """the what who which when is are of in for and by to a an does do plan lead leads responsible charge
    tasks task department agency deadline timeframe with under this that on be will how role give""".split()
)
_STOP_PHRASE_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, STOP_PHRASES)) + r")(?!\w)")


_WHICH_TASKS = re.compile(
    r"nhiem vu nao|(?:nhung|cac) (?:nhiem vu|viec)|viec nao|what tasks|which tasks|tasks (?:are|were)")
_STATUS_WORDS = (
    ("ended", re.compile(r"het (?:thoi )?han|da ket thuc|qua han|expired|(?:have|has|already) ended|overdue")),
    ("not_started", re.compile(r"chua bat dau|chua trien khai|not (?:yet )?started")),
    ("in_progress", re.compile(r"dang (?:thuc hien|trien khai)|con (?:thuc hien|hieu luc)|in progress|ongoing")),
)
_IN_YEAR = re.compile(r"(?:nam|in|during)\s+((?:19|20)\d\d)")


@dataclass(frozen=True)
class StatusQuery:
    """"Những nhiệm vụ nào đã hết thời hạn?" (status), "Năm 2027 còn những nhiệm vụ nào?" (year)."""

    status: str | None
    year: int | None
    period: tuple[int, int] | None = None  # "bao nhiêu nhiệm vụ làm trong giai đoạn 2025-2030?"
    recurring: bool = False  # "có bao nhiêu nhiệm vụ thực hiện thường xuyên?"
    starts: int | None = None  # "mấy nhiệm vụ đến năm 2025 mới bắt đầu?"


_PERIOD_ASKED = re.compile(r"((?:19|20)\d\d)\s*(?:-|–|den|toi|to)\s*(?:nam\s+)?((?:19|20)\d\d)")
_STARTS = re.compile(r"(?:den |tu )?nam ((?:19|20)\d\d) (?:moi )?bat dau|bat dau (?:tu |vao |lam |thuc hien )*(?:nam )?((?:19|20)\d\d)"
                     r"|start(?:s|ing)? in ((?:19|20)\d\d)")
# "giống mấy nhiệm vụ khác" compares, it does not count; "đang làm mấy việc" means some
_HOW_MANY_TASKS = re.compile(r"(?<!giong )(?<!nhu )(?<!dang trien khai )(?<!dang lam )(?<!dang thuc hien )"
                             r"(?:bao nhieu|may) (?:nhiem vu|viec|dau viec)(?! khac)|how many tasks")


def _status_query(folded: str) -> StatusQuery | None:
    if not (_WHICH_TASKS.search(folded) or _HOW_MANY_TASKS.search(folded)):
        return None
    status = next((name for name, pattern in _STATUS_WORDS if pattern.search(folded)), None)
    period = _PERIOD_ASKED.search(folded)
    year = None if period else next(  # "kế hoạch … năm 2021" names the plan, not a year asked
        (m for m in _IN_YEAR.finditer(folded) if not re.search(r"ke hoach(?:\s+\S+){0,5}\s*$", folded[: m.start()])),
        None)
    recurring = bool(re.search(r"thuong xuyen|ongoing|recurring", folded))
    starts = _STARTS.search(folded)
    if starts:  # the year a task starts, not a year it is active in
        year = None
    if status is None and year is None and period is None and not recurring and not starts:
        return None
    return StatusQuery(status, int(year.group(1)) if year else None,
                       (int(period.group(1)), int(period.group(2))) if period else None, recurring,
                       int(next(g for g in starts.groups() if g)) if starts else None)


@dataclass(frozen=True)
class Intent:
    fields: tuple[str, ...]  # the task fields asked, in contract order
    agency_tasks: bool
    metadata: bool
    quantity: bool
    agencies: tuple[Agency, ...]
    doc_numbers: tuple[str, ...]
    status_query: StatusQuery | None = None
    asked: tuple[str, ...] = ()  # the fields asked, even when the topic is a general provision ("báo cáo")
    which_role: bool = False  # "X chủ trì hay phối hợp?": the answer leads with the role X holds
    # "Kế hoạch 83 nhắc tới những kế hoạch nào?": the documents it cites, of this kind ("" for any kind)
    cited_kind: str | None = None
    provision: bool = False  # about a general provision (funding, reporting, purpose), not a task's fields

    @property
    def primary(self) -> str:
        if self.agency_tasks:
            return "agency_tasks"
        if self.metadata:
            return "metadata"
        return self.fields[0] if self.fields else "content"


def detect(folded: str, agencies: tuple[Agency, ...], *, claim: bool = False) -> Intent:
    """What the question asks, from its folded clause, the agencies it names and whether it is a yes/no
    claim ("Sở A chủ trì, Sở B phối hợp, đúng không?" asks about both roles)."""
    fields = tuple(
        name for name, pattern in zip(FIELD_INTENTS, (_LEAD, _COORDINATORS, _TIMEFRAME)) if pattern.search(folded)
    )
    which_role = (bool(_WHICH_ROLE.search(folded)) and any(a.name != "UBND tỉnh" for a in agencies)
                  and bool(_TASK_NAMED.search(folded))  # in which task; with none named, its tasks are asked
                  and not _TASK_LIST_ASKED.search(folded))  # "được giao những việc gì, chủ trì hay phối hợp?": its tasks
    if which_role:  # both roles asked, the one the body holds first (decided on the task found)
        fields = ("lead", "coordinators", *(f for f in fields if f not in ("lead", "coordinators")))
    lead_not_asked = not which_role and (  # "là đơn vị chủ trì hay chỉ phối hợp?" asks both
        not _STRONG_LEAD.search(folded)  # "những đơn vị nào phối hợp"
        or _BESIDES_LEAD.search(folded)  # "ngoài sở chủ trì, ai phối hợp?"
        or agencies and not claim and not _LEAD_ASKED.search(folded)  # "… do Sở KHĐT chủ trì, vậy ai phối hợp?"
        # "Khi thành phố chủ trì …, đơn vị nào phối hợp?": the lead is said, the coordinators are asked
        or not claim and not _LEAD_ASKED.search(folded) and bool(_COORDINATORS_ASKED.search(folded)))
    lead_given = agencies and not claim and not _LEAD_ASKED.search(folded) and not which_role  # "Sở Y tế chủ trì X trong thời gian nào?"
    if "coordinators" in fields and lead_not_asked or "timeframe" in fields and lead_given:
        fields = tuple(f for f in fields if f != "lead")
    member = _AMONG_COORDINATORS.search(folded)
    lead_asked = _LEAD.search(folded)
    if fields[:2] == ("lead", "coordinators") and member and lead_asked and member.start() < lead_asked.start():
        fields = ("coordinators", "lead", *fields[2:])  # "Trường em có trong các đơn vị phối hợp không, ai chủ trì?"
    named = [a for a in agencies if a.name != "UBND tỉnh"]
    asks_tasks = _AGENCY_TASKS.search(folded) or _ROLE.search(folded) and not _CONTENT_TOPICS.search(folded)
    status_query = _status_query(folded)
    names_a_task = re.search(r"task (?:of|on|for) \w+ing(?!\w)", folded)  # "the timeframe for X's task of applying AI …"
    agency_tasks = (bool(named) and bool(asks_tasks) and not status_query and not which_role
                    and not _BESIDES_LEAD.search(folded)  # "ngoài Sở TT&TT chủ trì, ai được giao phối hợp?"
                    and not (fields and names_a_task)
                    # "X giờ về Sở Nội vụ, vậy … sở nào chủ trì?", unless its tasks are listed first ("gồm những
                    # nhiệm vụ gì, ai phối hợp?")
                    and (not _WHICH_AGENCY.search(folded) or bool(_TASK_LIST_ASKED.search(folded))))
    about = _ABOUT_WHAT.search(folded)
    about_document = bool(about) and not topic_words(re.sub(r"\d+/[\w\-–]+", " ", folded[: about.start()]))
    metadata = not agency_tasks and (bool(_RECIPIENTS.search(folded)) or about_document
                                     or bool(_METADATA.search(folded)) and not (
        "lead" in fields and not re.search(r"\bky\b|ban hanh|(?<!\w)(?:signed|issued)", folded)))
    numbers = tuple(n for n in _DOC_NUMBER.findall(folded) if not re.fullmatch(r"(?:19|20)\d\d", n))
    cited = _CITED_DOCUMENTS.search(folded) if not agency_tasks else None
    kind_said = next(filter(None, cited.group("kind", "kind_passive", "kind_en", "kind_other", "kind_basis")), "") if cited else ""
    cited_kind = KIND_WORDS.get(kind_said, "") if cited else None
    metadata = metadata or cited is not None
    asked = fields
    provision = bool(_CONTENT_TOPICS.search(folded)) and not agency_tasks and not metadata
    if provision:
        fields = ()
    return Intent(
        fields=fields if not metadata else (),
        agency_tasks=agency_tasks,
        metadata=metadata,
        quantity=bool(_QUANTITY.search(folded)),
        agencies=agencies,
        doc_numbers=numbers,
        status_query=status_query,
        asked=asked,
        which_role=which_role,
        cited_kind=cited_kind,
        provision=provision,
    )


def _topical(word: str) -> bool:
    return word not in STOPWORDS and not word.isdigit()


def topic_words(text: str) -> list[str]:
    """The folded words that say what the question is about (intent words, agency names removed)."""
    english = is_english(text)
    return [w for run in _runs(text) for w in run if _topical(w) and not (english and w in ENGLISH_STOPWORDS)]


def topic_pairs(text: str) -> list[str]:
    """Adjacent pairs of topic words ("thuong mai", "ngay mai"): a pair must occur in the passage too,
    which single Vietnamese syllables, shared by many words, cannot tell."""
    english = is_english(text)
    return [f"{a} {b}" for run in _runs(text) for a, b in zip(run, run[1:])
            if _topical(a) and _topical(b) and not (english and {a, b} & ENGLISH_STOPWORDS)]


def without_agencies(text: str) -> str:
    """`text` (abbreviations spelled out) without the agencies it names."""
    expanded = search_form(text)
    for match in reversed(find_agencies(text)):  # offsets in search_form(text); the names people type too
        expanded = expanded[: match.start] + " " + expanded[match.end :]
    return re.sub(r"\s+", " ", expanded).strip(" ,")


# Function words recognised as written, with their marks: folded they would be content words too ("đâu" is
# "đầu", "lên" is "len", "mà" is "mã")
_MARKED_FUNCTION_WORDS = re.compile(r"(?<!\w)(?:đâu|lên|xuống|mà|đó|ấy|nhé|nhỉ|hả|ạ|em|thấy|hơi lạ|bằng|cái)(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _runs(text: str) -> tuple[tuple[str, ...], ...]:
    """Folded words of `text` in runs separated by agency names and punctuation (cached: the topic words
    and pairs of one question are asked for several times)."""
    expanded = _MARKED_FUNCTION_WORDS.sub(lambda m: " " * len(m.group(0)), search_form(text))
    folded = fold_keep_offsets(expanded)
    for match in find_agencies(expanded, expand=False):
        folded = folded[: match.start] + "," * (match.end - match.start) + folded[match.end :]
    folded = _STOP_PHRASE_RE.sub(",", folded)
    return tuple(tuple(re.findall(r"\w+", part)) for part in re.split(r"[,;:.?!()«»“”\"]+", folded))


# "trí tuệ nhân tạo" asks nothing, but it is a topic: most tasks name it, the data tasks (II.3.d) do not.
# Only where it names the plan ("kế hoạch AI của tỉnh") is it no topic.
_SEARCH_STOP_RE = re.compile(r"(?<!\w)(?:(?:(?:trong|cua|theo|o) )?(?:ke hoach|kh|chien luoc)(?: (?:so )?\d+(?:/[\w-]+)?)?"
                             r"(?: ve)? tri tue nhan tao"
                             r"|tri tue nhan tao (?:plan|strategy)|"
                             + "|".join(map(re.escape, (p for p in STOP_PHRASES if p != "tri tue nhan tao"))) + r")(?!\w)")
_ASKING = [_LEAD, _COORDINATORS, _WHEN_WORDS, _AGENCY_TASKS_WORDS, _SEARCH_STOP_RE,
           re.compile(r"(?<!\w)(?:la gi|thi sao|the nao|nhu the nao|ra sao|hay khong|khong)(?!\w)")]


def search_query(question: str) -> str:
    """The question without its asking words ("Sở nào chủ trì", "khi nào"): what retrieval should match.
    Every task has a lead and a timeframe, so those words only blur the ranking."""
    expanded = search_form(question)
    folded = fold_keep_offsets(expanded)
    keep = [True] * len(expanded)
    for pattern in _ASKING:
        for match in pattern.finditer(folded):
            keep[match.start() : match.end()] = [False] * (match.end() - match.start())
    stripped = "".join(ch if k else " " for ch, k in zip(expanded, keep))
    stripped = re.sub(r"\s+", " ", stripped).strip(" ,?.")
    return stripped or expanded
