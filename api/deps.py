"""Dependencies: the answerer built once in the app's lifespan reaches handlers through here."""

from typing import Annotated

from fastapi import Depends, Request

from assistant.answer import Answerer

__all__ = ["AnswererDep"]


def get_answerer(request: Request) -> Answerer:
    return request.app.state.answerer


AnswererDep = Annotated[Answerer, Depends(get_answerer)]
