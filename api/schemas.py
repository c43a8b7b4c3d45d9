"""Public request and response models of the HTTP API (the answer itself is `assistant.answer.Answer`)."""

from typing import Literal

from pydantic import BaseModel, Field

from api.task_notes import TaskNote
from assistant.answer import Answer, Citation

__all__ = ["AskRequest", "AskResponse", "HealthResponse", "ErrorResponse", "ChatMessage",
           "ChatCompletionRequest", "ChatCompletion", "ModelList"]


class AskRequest(BaseModel):
    question: str = Field(description="Câu hỏi tiếng Việt (hoặc tiếng Anh), tối đa 2000 ký tự",
                          examples=["Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"])
    session_id: str | None = Field(None, description="Mã phiên hội thoại: câu hỏi nối tiếp dùng ngữ cảnh của phiên")


class AskResponse(Answer):
    session_id: str = Field(description="Mã phiên để gửi kèm câu hỏi tiếp theo")
    task_notes: list[TaskNote] = Field(
        default_factory=list, description="Mỗi nhiệm vụ trong `tasks` (cùng thứ tự): trạng thái hôm nay và tên "
                                          "cơ quan hiện nay (“nay là …”). Không bắt buộc.")


class HealthResponse(BaseModel):
    status: str
    documents: int
    documents_loaded: int
    sections: int
    chunks: int
    tasks: int
    model: str
    index_created: str
    sessions: int


class ErrorResponse(BaseModel):
    detail: str


class ContentPart(BaseModel):
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model: str = "plan-assistant"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: CompletionMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(description="Trích dẫn (ngoài chuẩn OpenAI)")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
