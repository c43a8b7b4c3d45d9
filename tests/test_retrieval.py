"""PlanRetriever is a standard LangChain retriever, and its hybrid ranking finds the right sections."""

import pytest
from langchain_core.documents import Document
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.answer import Answerer
from assistant.retrieval import PlanRetriever, section_reference


class TestPlanRetrieverStandard(RetrieversIntegrationTests):
    """langchain-tests' standard suite, on the default index (`PlanRetriever()` with no arguments)."""

    @property
    def retriever_constructor(self) -> type[PlanRetriever]:
        return PlanRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {}

    @property
    def retriever_query_example(self) -> str:
        return "Sở nào chủ trì ứng dụng trí tuệ nhân tạo trong thương mại điện tử?"


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("trí tuệ nhân tạo trong thương mại điện tử", "II.5.g"),
        ("thuong mai dien tu", "II.5.g"),
        ("hồ sơ sức khỏe điện tử EHR", "II.5.k"),
        ("quản lý tổng hợp đối bờ", "II.3.c"),
        ("hợp tác quốc tế", "II.6"),
        ("nguồn vốn ngân sách nhà nước, nguồn tài trợ", "III"),
    ],
)
def test_hybrid_ranking_puts_the_section_first(answerer: Answerer, query: str, section: str) -> None:
    documents = answerer.retriever.model_copy(update={"k": 3}).invoke(query)
    assert all(isinstance(d, Document) for d in documents) and len(documents) == 3
    assert documents[0].metadata["section"] == section
    assert documents[0].metadata["doc_id"] == "83/KH-UBND"


def test_naming_an_agency_favours_its_tasks(answerer: Answerer) -> None:
    hits = answerer.retriever.score("Sở Y tế")
    assert {hits[0].chunk.section, hits[1].chunk.section} == {"II.3.d", "II.5.k"}


@pytest.mark.parametrize(("question", "reference"), [("ai chủ trì II.5.k?", "II.5.k"), ("mục IV.4 nói gì", "IV.4"),
                                                     ("nhiệm vụ II.3.đ", "II.3.đ"), ("Sở Y tế làm gì", None)])
def test_section_reference(question: str, reference: str | None) -> None:
    assert section_reference(question) == reference
