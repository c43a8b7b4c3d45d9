"""One exception tree, so the CLI can print one line and the API can answer one JSON shape.

    AssistantError
    ├── InvalidQuestion      the user's input cannot be answered as given (HTTP 422)
    ├── CorpusError          a manifest entry or a document file is wrong
    ├── IndexStateError          the built index is missing, stale or corrupted
    └── ModelError           the embedding model cannot be loaded
"""

__all__ = ["AssistantError", "InvalidQuestion", "CorpusError", "IndexStateError", "ModelError"]


class AssistantError(Exception):
    """Base class: its message is one line that says what is wrong and what to do."""


class InvalidQuestion(AssistantError):
    pass


class CorpusError(AssistantError):
    pass


class IndexStateError(AssistantError):
    pass


class ModelError(AssistantError):
    pass
