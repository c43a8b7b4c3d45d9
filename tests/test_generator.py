"""Optional LLM phrasing: fake chat models at the outer edge; invented facts must be caught."""

from langchain_core.language_models import FakeListChatModel

from assistant.answer import Answerer
from assistant.chat import ChatService
from assistant.sessions import MemorySessions
from assistant.generator import AnswerPhraser, build_phraser, fact_problems
from assistant.settings import Settings

QUESTION = "Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"


def phraser(*responses: str) -> AnswerPhraser:
    return AnswerPhraser(FakeListChatModel(responses=list(responses)))


def test_a_faithful_rephrasing_is_used(answerer: Answerer) -> None:
    composed = answerer.answer(QUESTION)
    text = "Theo mục II.5.g, Sở Công Thương chủ trì ứng dụng trí tuệ nhân tạo trong thương mại điện tử, năm 2022-2030."
    phrased = phraser(text).phrase(composed)
    assert phrased.answer == text
    assert phrased.citations == composed.citations and phrased.tasks == composed.tasks


def test_an_invented_agency_is_caught_and_the_composed_answer_kept(answerer: Answerer) -> None:
    composed = answerer.answer(QUESTION)
    invented = "Sở Thông tin và Truyền thông chủ trì nhiệm vụ này, năm 2022-2030."
    assert phraser(invented).phrase(composed).answer == composed.answer
    assert "invented agency 'Sở Thông tin và Truyền thông'" in fact_problems(invented, composed)


def test_an_invented_year_or_section_is_caught(answerer: Answerer) -> None:
    composed = answerer.answer(QUESTION)
    assert fact_problems("Sở Công Thương chủ trì, hoàn thành năm 2035.", composed) == ["invented year 2035"]
    assert fact_problems("Sở Công Thương chủ trì (mục II.5.h), 2022-2030.", composed) == ["invented section II.5.h"]


def test_losing_the_lead_agency_is_caught(answerer: Answerer) -> None:
    composed = answerer.answer(QUESTION)
    assert fact_problems("Một sở chủ trì việc này trong giai đoạn 2022-2030.", composed) == [
        "lost agency 'Sở Công Thương'"]


def test_a_model_failure_falls_back_to_the_composed_answer(answerer: Answerer) -> None:
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):  # the LLM server is down
            raise ConnectionError("connection refused")

    composed = answerer.answer(QUESTION)
    assert AnswerPhraser(Broken(responses=["x"])).phrase(composed).answer == composed.answer


def test_not_found_answers_are_never_rephrased(answerer: Answerer) -> None:
    composed = answerer.answer("Sở Nội vụ chủ trì nhiệm vụ nào?")
    assert phraser("Sở Nội vụ chủ trì II.5.n.").phrase(composed) == composed


def test_chat_service_phrases_through_the_model(answerer: Answerer) -> None:
    text = "Sở Y tế chủ trì hai nhiệm vụ (II.3.d, II.5.k), đều trong năm 2022-2030."
    service = ChatService(answerer, MemorySessions(max_sessions=10, ttl_seconds=60), phraser(text))
    _, answer = service.ask("so y te chu tri gi")
    assert answer.answer == text and answer.intent == "agency_tasks"


def test_no_phraser_without_a_configured_server(settings: Settings) -> None:
    assert build_phraser(settings) is None
    configured = build_phraser(settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"}))
    assert configured is not None and configured.chat_model.model_name == "default"
