import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from api.deps import ChatDep, SettingsDep, log_question
from api.limits import rate_limited
from api.schemas import AskRequest, ErrorResponse
from api.task_notes import task_notes
from assistant.chat import answer_pieces

router = APIRouter(prefix="/api", tags=["chat"], dependencies=[Depends(rate_limited)])

STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _event(name: str, data: object) -> ServerSentEvent:
    return ServerSentEvent(event=name, data=json.dumps(data, ensure_ascii=False))


@router.post("/chat", response_class=EventSourceResponse,
             responses={200: {"content": {"text/event-stream": {}}}, 422: {"model": ErrorResponse}})
async def chat(request: AskRequest, chat: ChatDep, settings: SettingsDep) -> EventSourceResponse:
    """Câu trả lời dạng luồng Server-Sent Events: `session`, nhiều `token`, `citations`, rồi `done`."""
    log_question(settings, request.question)
    session_id, answer = await run_in_threadpool(chat.ask, request.question, request.session_id)
    notes = task_notes(answer.tasks, chat.answerer.successors)

    async def events() -> AsyncIterator[ServerSentEvent]:
        # sse-starlette cancels this generator when the client disconnects: nothing more is sent.
        yield _event("session", {"session_id": session_id})
        for piece in answer_pieces(answer.answer):
            yield _event("token", {"text": piece})
        yield _event("citations", {"citations": [c.model_dump() for c in answer.citations],
                                   "tasks": [t.model_dump() for t in answer.tasks],
                                   "found": answer.found, "intent": answer.intent,
                                   "task_notes": [n.model_dump() for n in notes]})
        yield _event("done", {})

    return EventSourceResponse(events(), headers=STREAM_HEADERS, ping=15)
