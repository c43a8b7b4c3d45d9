"""Does the plan answer what was asked? A measured decision over retrieval features, three outcomes.

*answered*: the best passage says it; *related*: the nearest task is close but not about exactly that
(named as such); *none*: nothing near. The probability comes from a logistic regression fitted on our
labelled questions and their re-typed forms (`assistant calibrate`, which prints cross-validated figures
and writes `answerability.json`); it is judged on blind questions, never on the ones it was fitted on.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .english import glossary_units
from .intents import topic_pairs, topic_words
from .retrieval import ScoredChunk
from .understanding import Query
from .vocabulary import about
from .vntext import fold

__all__ = ["FEATURES", "Decision", "coverage", "features", "Decider", "WEIGHTS_FILE"]

WEIGHTS_FILE = Path(__file__).with_name("answerability.json")
# The dense score and the margin to the second section were features too; fitted on realistic questions
# (train-a/b) their weights fell to zero and then below it, and without them the blind sets fare the same.
FEATURES = ("bm25", "agree", "field", "coverage", "pair_coverage", "topic_words", "everyday")


@dataclass(frozen=True)
class Decision:
    outcome: str  # "answered", "related" or "none"
    hit: ScoredChunk | None
    probability: float


def coverage(query: Query, hit: ScoredChunk) -> tuple[float, float]:
    """Share of the clause's topic words (and adjacent pairs) in the passage. Everyday phrases count as the
    plan's terms they stand for (the clause is rewritten) and as themselves (the passage is indexed with the
    everyday words of its topics): measured, both together separate best."""
    passage = " ".join(re.findall(r"\w+", fold(f"{hit.chunk.search_text} {hit.chunk.everyday}")))
    words = set(passage.split())
    units = glossary_units(query.clause) if query.lang == "en" else []
    if units:  # English: each thing named counts once, found when most of its words are there
        found = [sum(w in words for w in unit) * 2 >= len(unit) for unit in map(topic_words, units) if unit]
        share = sum(found) / len(found) if found else 0.0
        return share, share
    source = query.topic_text if query.lang == "vi" else query.clause
    topic, pairs = topic_words(source), topic_pairs(source)
    covered = sum(1 for w in topic if w in words) / len(topic) if topic else 0.0
    paired = sum(1 for p in pairs if f" {p} " in f" {passage} ") / len(pairs) if pairs else covered
    return covered, paired


def features(query: Query, hits: list[ScoredChunk]) -> dict[str, float]:
    """The evidence for the best of `hits` (ranked candidates, best first)."""
    top = hits[0]
    by_dense = max(hits, key=lambda h: h.dense)
    by_bm25 = max(hits, key=lambda h: h.bm25_raw)
    covered, paired = coverage(query, top)
    return {
        "bm25": math.log1p(top.bm25_raw),
        "agree": float(by_dense.chunk.section == by_bm25.chunk.section == top.chunk.section),
        "field": top.field,
        "coverage": covered,
        "pair_coverage": paired,
        "topic_words": math.log1p(len(topic_words(query.topic_text or query.clause))),
        # an everyday phrase of the question stands for a topic of this passage ("bán hàng online": II.5.g).
        # The passage is indexed with those words, so its BM25 and coverage are lifted by them; fitted, the
        # weight takes that lift back (negative on our sets), and BM25 can then count for more everywhere.
        "everyday": float(any(about(f"{top.chunk.title} {top.chunk.text}", term) for term in query.plan_terms)),
    }


class Decider:
    """The fitted model: weights per feature, an intercept, and the two operating points."""

    def __init__(self, weights: dict[str, float], intercept: float, answered: float, related: float) -> None:
        self.weights, self.intercept = weights, intercept
        self.answered_at, self.related_at = answered, related

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> "Decider":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["intercept"], data["thresholds"]["answered"], data["thresholds"]["related"])

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights[name] * values[name] for name in FEATURES)
        return 1 / (1 + math.exp(-z))

    def decide(self, query: Query, hits: list[ScoredChunk]) -> Decision:
        if not hits or not query.has_topic:
            return Decision("none", None, 0.0)
        values = features(query, hits)
        p = self.probability(values)
        outcome = "answered" if p >= self.answered_at else "related" if p >= self.related_at else "none"
        if outcome == "answered" and values["field"] and values["coverage"] <= 0.5 and not values["pair_coverage"]:
            # the body named leads this task, but half the question at most is about it ("Sở GD&ĐT … chấm thi
            # tốt nghiệp THPT" against STEM): the nearest task, said to be only that
            outcome = "related"
        return Decision(outcome, hits[0], p)


class _Recorder(Decider):
    """Stands in for the model while fitting it: records what the answerer would decide on."""

    def __init__(self) -> None:
        super().__init__({name: 0.0 for name in FEATURES}, 0.0, 0.0, 0.0)
        self.seen: list[tuple[Query, list[ScoredChunk]]] = []

    def decide(self, query: Query, hits: list[ScoredChunk]) -> Decision:
        self.seen.append((query, hits))
        return Decision("answered", hits[0] if hits else None, 1.0)


def fit(answerer, questions, forms: list[str], *, max_false_answers: float = 1 / 12) -> tuple[dict, str]:
    """Fit the model on `questions` and their re-typed `forms`; returns (weights file content, report).

    A sample is a question whose route reaches the decision: positive when the plan answers it and the
    best candidate is a gold section, negative when the plan does not answer it (ranking misses are left
    out: they say nothing about answerability). Folds keep every form of one question together. The answered
    threshold is the lowest whose cross-validated false answers are ≤ `max_false_answers` of all the questions
    the plan does not answer, those the understanding stage already turns away (a phone number, a named
    company) included: that is the rate a user meets. "related" starts at half of it."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .retype import retype

    recorder, saved = _Recorder(), answerer.decider
    answerer.decider = recorder
    rows, labels, groups = [], [], []
    unanswerable = 0  # every (question, form) the plan does not answer, reaching the model or not
    try:
        for position, question in enumerate(questions):
            for form in ["as_written", *forms]:
                text = question.question if form == "as_written" else retype(question.question, form, position)
                recorder.seen.clear()
                answerer.answer(text)
                unanswerable += not question.found
                if not recorder.seen or not recorder.seen[0][1]:
                    continue
                query, hits = recorder.seen[0]
                if question.found and hits[0].chunk.section not in question.sections:
                    continue  # a ranking miss, not a question the plan leaves open: no label fits it
                rows.append([features(query, hits)[name] for name in FEATURES])
                labels.append(int(question.found))
                groups.append(question.id)
    finally:
        answerer.decider = saved
    X, y = np.asarray(rows), np.asarray(labels)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.3, class_weight="balanced", max_iter=2000))
    cv = cross_val_predict(model, X, y, cv=GroupKFold(n_splits=5), groups=groups, method="predict_proba")[:, 1]
    answered_at = next(t for t in np.arange(0.10, 0.99, 0.01)
                       if ((cv >= t) & (y == 0)).sum() <= max_false_answers * unanswerable)
    model.fit(X, y)
    scaler, logistic = model[0], model[1]
    coefficients = logistic.coef_[0] / scaler.scale_  # back to raw features: one dot product at run time
    intercept = logistic.intercept_[0] - float((logistic.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    tp = ((cv >= answered_at) & (y == 1)).sum()
    report = (f"samples {len(y)} (positive {int(y.sum())}, negative {int((y == 0).sum())}); "
              f"cross-validated at p ≥ {answered_at:.2f}: recall {tp / max(1, y.sum()):.3f}, "
              f"false answers {((cv >= answered_at) & (y == 0)).sum()}/{(y == 0).sum()} reaching the model, "
              f"of {unanswerable} unanswerable in all")
    weights = {
        "features": list(FEATURES),
        "weights": {name: round(float(w), 5) for name, w in zip(FEATURES, coefficients)},
        "intercept": round(float(intercept), 5),
        "thresholds": {"answered": round(float(answered_at), 2), "related": round(float(answered_at) / 2, 2)},
        "fitted_on": report,
    }
    return weights, report
