"""Optional phrasing of composed answers by a LangChain chat model, with the facts checked after.

The model sees only the composed answer and its quotes, and is asked to rephrase them. Its text is
accepted only if it keeps every lead agency, year and section of the records and adds none of its own:
an agency, a year or a section number that the records do not contain means the model invented it, and
the composed answer is returned instead. Any model error also falls back to the composed answer.
"""

import logging
import re
from typing import Any

from .agencies import find_agencies
from .answer import Answer
from .settings import Settings

__all__ = ["AnswerPhraser", "build_phraser", "fact_problems"]

log = logging.getLogger(__name__)

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SECTION = re.compile(r"(?<![\w.])(?:I|II|III|IV|V|VI)(?:\.\d{1,2})(?:\.[a-zđ])?(?![\w])")

SYSTEM_PROMPT = (
    "Bạn là trợ lý của UBND tỉnh. Viết lại câu trả lời dưới đây thành văn xuôi tiếng Việt ngắn gọn, "
    "lịch sự. Chỉ dùng đúng các sự kiện đã cho: giữ nguyên tên cơ quan, thời gian và số mục; không thêm "
    "cơ quan, năm, con số hay mục nào khác. Không bịa đặt."
)


def fact_problems(text: str, answer: Answer) -> list[str]:
    """What the generated `text` gets wrong against the composed `answer` (empty list: faithful)."""
    source = answer.answer + "\n" + "\n".join(c.quote for c in answer.citations)
    known_agencies = {m.agency.name for m in find_agencies(source)}
    named = {m.agency.name for m in find_agencies(text)}
    problems = [f"invented agency {name!r}" for name in sorted(named - known_agencies)]
    problems += [f"lost agency {name!r}" for task in answer.tasks for name in task.lead
                 if name in known_agencies and name not in named and answer.intent in ("lead", "agency_tasks")]
    source_years = set(_YEAR.findall(source))
    problems += [f"invented year {year}" for year in sorted(set(_YEAR.findall(text)) - source_years)]
    if answer.intent == "timeframe":
        lost = set(_YEAR.findall(answer.answer)) - set(_YEAR.findall(text))
        problems += [f"lost year {year}" for year in sorted(lost)]
    cited = {c.section for c in answer.citations}
    problems += [f"invented section {s}" for s in sorted(set(_SECTION.findall(text)) - cited)]
    return problems


class AnswerPhraser:
    """Rephrases found answers with `chat_model` (any LangChain chat model)."""

    def __init__(self, chat_model: Any) -> None:
        self.chat_model = chat_model

    def phrase(self, answer: Answer) -> Answer:
        if not answer.found:
            return answer  # "không đề cập" stays exactly as composed
        from langchain_core.messages import HumanMessage, SystemMessage

        facts = answer.answer + "\n\nTrích dẫn:\n" + "\n".join(
            f"- {c.doc_id} {c.section}: {c.quote}" for c in answer.citations)
        try:
            reply = self.chat_model.invoke([SystemMessage(SYSTEM_PROMPT),
                                            HumanMessage(f"Câu hỏi: {answer.question}\n\n{facts}")])
        except Exception as exc:  # network, quota, server: the composed answer is always available
            log.warning("LLM phrasing failed (%s); using the composed answer", exc.__class__.__name__)
            return answer
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        problems = fact_problems(text, answer)
        if problems or not text.strip():
            log.warning("LLM answer rejected: %s", "; ".join(problems) or "empty")
            return answer
        return answer.model_copy(update={"answer": text.strip()})


def build_phraser(settings: Settings) -> AnswerPhraser | None:
    """A phraser over the OpenAI-compatible server of the settings, or None when none is configured."""
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
                       temperature=0, timeout=30, max_retries=1)
    return AnswerPhraser(model)
