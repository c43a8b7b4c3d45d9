from fastapi import APIRouter

from api.deps import ChatDep
from api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse)
def health(chat: ChatDep) -> HealthResponse:
    """Trạng thái dịch vụ và chỉ mục (documents, chunks, tasks, model, số phiên)."""
    index = chat.answerer.index
    return HealthResponse(
        status="ok",
        documents=len(index.documents),
        documents_loaded=len({doc_id for doc_id, _ in index.sections}),
        sections=len(index.sections),
        chunks=len(index.chunks),
        tasks=len(index.tasks),
        model=index.manifest["model"],
        index_created=index.manifest["created"],
        sessions=len(chat.sessions),
    )
