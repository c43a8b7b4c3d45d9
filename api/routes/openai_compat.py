"""OpenAI-compatible endpoints, so chat clients (openai SDK, LangChain ChatOpenAI, Open WebUI) can talk
to the assistant as to a model. The last user message is the question; earlier replies give context."""

import json
import secrets
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ChatDep, SettingsDep, log_question
from api.limits import rate_limited
from api.routes.chat import STREAM_HEADERS
from api.schemas import (
    ChatCompletion,
    ChatCompletionRequest,
    Choice,
    CompletionMessage,
    ModelCard,
    ModelList,
    Usage,
)
from assistant.chat import answer_pieces, text_with_markers
from assistant.errors import InvalidQuestion

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(rate_limited)])

MODEL_ID = "plan-assistant"
_STARTED = int(time.time())


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    return ModelList(data=[ModelCard(id=MODEL_ID, created=_STARTED, owned_by="ubnd-quang-ngai")])


@router.post("/chat/completions", response_model=ChatCompletion,
             responses={200: {"content": {"text/event-stream": {}}}})
async def chat_completions(request: ChatCompletionRequest, chat: ChatDep,
                           settings: SettingsDep) -> ChatCompletion | EventSourceResponse:
    """Câu hỏi là tin nhắn `user` cuối cùng; trích dẫn nằm trong văn bản dạng [83/KH-UBND II.5.g]."""
    users = [i for i, message in enumerate(request.messages) if message.role == "user"]
    if not users:
        raise InvalidQuestion("cần ít nhất một tin nhắn có role \"user\"")
    question = request.messages[users[-1]].text
    earlier = [m.text for m in request.messages[: users[-1]] if m.role == "assistant"]
    log_question(settings, question)
    answer = await run_in_threadpool(chat.ask_after, question, earlier)
    content = text_with_markers(answer)
    completion_id, created = f"chatcmpl-{secrets.token_hex(12)}", int(time.time())
    if not request.stream:
        prompt_tokens = sum(len(m.text.split()) for m in request.messages)
        return ChatCompletion(
            id=completion_id, created=created, model=MODEL_ID,
            choices=[Choice(message=CompletionMessage(content=content))],
            usage=Usage(prompt_tokens=prompt_tokens, completion_tokens=len(content.split()),
                        total_tokens=prompt_tokens + len(content.split())),
            citations=answer.citations,
        )

    def chunk(delta: dict, finish: str | None = None, **extra: object) -> str:
        return json.dumps({"id": completion_id, "object": "chat.completion.chunk", "created": created,
                           "model": MODEL_ID, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                           **extra}, ensure_ascii=False)

    async def events() -> AsyncIterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        for piece in answer_pieces(content):
            yield chunk({"content": piece})
        yield chunk({}, "stop", citations=[c.model_dump() for c in answer.citations])
        yield "[DONE]"

    return EventSourceResponse(events(), headers=STREAM_HEADERS, ping=15)
