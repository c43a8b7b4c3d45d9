from fastapi import APIRouter

from api.deps import AnswererDep
from api.schemas import AskRequest, ErrorResponse
from assistant.answer import Answer

router = APIRouter(prefix="/api", tags=["ask"])


@router.post("/ask", response_model=Answer, responses={422: {"model": ErrorResponse}})
def ask(request: AskRequest, answerer: AnswererDep) -> Answer:
    """Trả lời một câu hỏi, kèm trích dẫn (văn bản, mục, nguyên văn)."""
    return answerer.answer(request.question)
