"""The CLI as a user runs it: one command, one library call, one-line errors."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from assistant.answer import Answerer
from assistant.cli import app
from assistant.evaluation import DEFAULT_QUESTIONS
from assistant.settings import Settings, get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_index(settings: Settings, answerer: Answerer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_ask_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["ask", "Sở nào chủ trì thương mại điện tử, khi nào?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["intent"] == "lead" and data["tasks"][0]["section"] == "II.5.g"


def test_ask_prints_answer_and_citations() -> None:
    result = runner.invoke(app, ["ask", "so y te chu tri gi"])
    assert result.exit_code == 0
    assert "Sở Y tế chủ trì 2 nhiệm vụ" in result.stdout and "[83/KH-UBND II.5.k]" in result.stdout


def test_empty_question_is_a_one_line_error() -> None:
    result = runner.invoke(app, ["ask", "   "])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("Lỗi: câu hỏi trống")


def test_tasks_csv_has_every_task() -> None:
    result = runner.invoke(app, ["tasks", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 27 and rows[0]["section"] == "II.1"
    assert rows[-1]["lead"] == "Sở Khoa học và Công nghệ"


def test_tasks_by_agency_includes_coordination() -> None:
    result = runner.invoke(app, ["tasks", "--agency", "Sở TT&TT", "--format", "json"])
    assert [t["section"] for t in json.loads(result.stdout)] == ["II.1", "II.4.b", "II.5.b", "II.5.m"]


def test_unknown_agency_is_an_error() -> None:
    result = runner.invoke(app, ["tasks", "--agency", "Cục Hàng không"])
    assert result.exit_code == 1 and "Cục Hàng không" in result.stderr


def test_chat_resolves_a_follow_up() -> None:
    result = runner.invoke(app, ["chat"], input="Ai chủ trì ứng dụng AI trong thương mại điện tử?\n"
                                                "còn thời gian thực hiện?\nthoát\n")
    assert result.exit_code == 0
    assert "Sở Công Thương" in result.stdout and "Năm 2022-2030" in result.stdout


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    for command in ("build", "ask", "tasks", "chat", "eval", "serve"):
        assert command in result.stdout


def test_add_refuses_a_duplicate_number_in_one_line(tmp_path) -> None:
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("Kế hoạch thực hiện nhiệm vụ ứng dụng trí tuệ nhân tạo của tỉnh Quảng Ngãi. " * 5, encoding="utf-8")
    result = runner.invoke(app, ["add", str(plan), "--number", "83/KH-UBND", "--title", "Trùng số",
                                 "--date", "2021-06-04"])
    assert result.exit_code == 1 and result.stderr.startswith("Lỗi:") and "83/KH-UBND" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_eval_of_a_set_with_no_answerable_question_prints_its_table() -> None:
    negatives = str(DEFAULT_QUESTIONS.parent / "negatives.jsonl")
    result = runner.invoke(app, ["eval", "--no-baseline", "--questions", negatives])
    assert result.exit_code == 0, result.output
    assert "not_found" in result.stdout and "(n=0)" in result.stdout
