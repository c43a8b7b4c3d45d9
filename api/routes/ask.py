from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import ChatDep, SettingsDep, log_question
from api.schemas import AskRequest, AskResponse, ErrorResponse
from api.task_notes import task_notes

router = APIRouter(prefix="/api", tags=["ask"])


@router.post("/ask", response_model=AskResponse, responses={422: {"model": ErrorResponse}})
async def ask(request: AskRequest, chat: ChatDep, settings: SettingsDep) -> AskResponse:
    """Trả lời một câu hỏi, kèm trích dẫn (văn bản, mục, nguyên văn)."""
    log_question(settings, request.question)
    session_id, answer = await run_in_threadpool(chat.ask, request.question, request.session_id)
    return AskResponse(**answer.model_dump(), session_id=session_id,
                       task_notes=task_notes(answer.tasks, chat.answerer.successors))
