"""A conversation: follow-ups such as "còn thời gian thực hiện?" refer to the tasks of the last answer."""

from dataclasses import dataclass, field

from .answer import Answer, Answerer
from .tasks import TaskRecord

__all__ = ["Conversation"]


@dataclass
class Conversation:
    answerer: Answerer
    history: list[Answer] = field(default_factory=list)

    @property
    def context(self) -> list[TaskRecord]:
        """The tasks the conversation is about: those of the latest answer that named any."""
        return next((answer.tasks for answer in reversed(self.history) if answer.tasks), [])

    def ask(self, question: str) -> Answer:
        answer = self.answerer.answer(question, context=self.context)
        self.history.append(answer)
        return answer
