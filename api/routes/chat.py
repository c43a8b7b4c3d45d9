import json
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from api.deps import ChatDep, SettingsDep, log_question
from api.schemas import AskRequest, ErrorResponse
from api.task_notes import task_notes
from assistant.answer import validate_question
from assistant.chat import answer_pieces
from assistant.errors import AssistantError

log = logging.getLogger("api")
router = APIRouter(prefix="/api", tags=["chat"])

STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _event(name: str, data: object) -> ServerSentEvent:
    return ServerSentEvent(event=name, data=json.dumps(data, ensure_ascii=False))


@router.post("/chat", response_class=EventSourceResponse,
             responses={200: {"content": {"text/event-stream": {}}}, 422: {"model": ErrorResponse}})
async def chat(request: AskRequest, chat: ChatDep, settings: SettingsDep) -> EventSourceResponse:
    """Câu trả lời dạng luồng Server-Sent Events: `session`, nhiều `token`, `citations`, rồi `done`
    (hoặc `error` với `detail` nếu không trả lời được)."""
    log_question(settings, request.question)
    validate_question(request.question, settings.max_question_chars)  # bad input is a 422, before streaming
    session_id, sections = await run_in_threadpool(chat.sessions.context, request.session_id)

    async def events() -> AsyncIterator[ServerSentEvent]:
        # sse-starlette cancels this generator when the client disconnects: nothing more is sent.
        yield _event("session", {"session_id": session_id})  # at once, while the answer is composed
        try:
            answer = await run_in_threadpool(chat.answer_in_session, request.question, session_id, sections)
        except AssistantError as exc:
            yield _event("error", {"detail": str(exc)})
            return
        except Exception:  # the status is already sent: report it as an event, without a trace
            log.exception("unexpected error while answering")
            yield _event("error", {"detail": "lỗi máy chủ nội bộ; vui lòng thử lại sau"})
            return
        notes = task_notes(answer.tasks, chat.answerer.successors)
        for piece in answer_pieces(answer.answer):
            yield _event("token", {"text": piece})
        yield _event("citations", {"citations": [c.model_dump() for c in answer.citations],
                                   "tasks": [t.model_dump() for t in answer.tasks],
                                   "found": answer.found, "intent": answer.intent,
                                   "task_notes": [n.model_dump() for n in notes]})
        yield _event("done", {})

    return EventSourceResponse(events(), headers=STREAM_HEADERS, ping=15)
