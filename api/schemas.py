"""Public request and response models of the HTTP API (the answer itself is `assistant.answer.Answer`)."""

from pydantic import BaseModel, Field

__all__ = ["AskRequest", "HealthResponse", "ErrorResponse"]


class AskRequest(BaseModel):
    question: str = Field(description="Câu hỏi tiếng Việt (hoặc tiếng Anh), tối đa 2000 ký tự",
                          examples=["Sở nào chủ trì ứng dụng AI trong thương mại điện tử, thời hạn khi nào?"])
    session_id: str | None = Field(None, max_length=128, description="Mã phiên hội thoại (câu hỏi nối tiếp)")


class HealthResponse(BaseModel):
    status: str
    documents: int
    documents_loaded: int
    sections: int
    chunks: int
    tasks: int
    model: str
    index_created: str


class ErrorResponse(BaseModel):
    detail: str
