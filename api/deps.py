"""Dependencies: what the app's lifespan built once reaches handlers through here."""

import logging
from typing import Annotated

from fastapi import Depends, Request

from assistant.answer import Answerer
from assistant.chat import ChatService
from assistant.settings import Settings

from .render import RenderPool

__all__ = ["AnswererDep", "ChatDep", "SettingsDep", "RenderDep", "log_question"]

question_log = logging.getLogger("api.questions")


def get_answerer(request: Request) -> Answerer:
    return request.app.state.chat.answerer


def get_chat(request: Request) -> ChatService:
    return request.app.state.chat


def get_settings_of_app(request: Request) -> Settings:
    return request.app.state.settings


def get_renders(request: Request) -> RenderPool:
    return request.app.state.renders


AnswererDep = Annotated[Answerer, Depends(get_answerer)]
ChatDep = Annotated[ChatService, Depends(get_chat)]
SettingsDep = Annotated[Settings, Depends(get_settings_of_app)]
RenderDep = Annotated[RenderPool, Depends(get_renders)]


def log_question(settings: Settings, question: str) -> None:
    """Questions are personal data: logged only when ASSISTANT_LOG_QUESTIONS is on."""
    if settings.log_questions:
        question_log.info(question)
