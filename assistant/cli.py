"""Command line: each command parses its arguments, calls one library function and prints.

Library errors (AssistantError) become one line on stderr and exit code 1; bad arguments exit 2.
"""

import csv
import errno
import io
import json
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import AssistantError
from .settings import Settings, get_settings

app = typer.Typer(
    help="Trợ lý hỏi đáp Kế hoạch 83/KH-UBND (TTNT, Quảng Ngãi). Q&A over provincial plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class TaskFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


_DISK_ERRORS = {errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "hết hạn mức ổ đĩa",
                errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi"}


def _fail(error: AssistantError | OSError) -> None:
    """One line on stderr, exit 1: a read-only or full disk is said plainly, not as a traceback."""
    if isinstance(error, OSError):
        reason = _DISK_ERRORS.get(error.errno or 0, error.strerror or str(error))
        where = f" {error.filename}" if error.filename else ""
        error = f"không ghi hoặc đọc được{where}: {reason}; hãy kiểm tra quyền và dung lượng ổ đĩa"  # type: ignore[assignment]
    typer.echo(f"Lỗi: {error}", err=True)
    raise typer.Exit(1)


@app.command()
def build() -> None:
    """Xây dựng lại chỉ mục từ corpus/ (build the index)."""
    from .index import build_index

    try:
        folder = build_index(get_settings())
    except (AssistantError, OSError) as error:
        _fail(error)
    typer.echo(f"Chỉ mục đã xây dựng: {folder}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Câu hỏi, ví dụ \"Sở nào chủ trì thương mại điện tử?\"")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả JSON theo hợp đồng API")] = False,
) -> None:
    """Hỏi một câu (ask one question)."""
    from .answer import open_answerer

    try:
        answer = open_answerer().answer(question)
    except (AssistantError, OSError) as error:
        _fail(error)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.answer)
    for citation in answer.citations:
        typer.echo(f"  [{citation.doc_id} {citation.section}] “{citation.quote}”")


@app.command()
def tasks(
    agency: Annotated[str | None, typer.Option(help="Chỉ nhiệm vụ của cơ quan này (chủ trì hoặc phối hợp)")] = None,
    format: Annotated[TaskFormat, typer.Option("--format", help="table, json hoặc csv")] = TaskFormat.table,
) -> None:
    """Liệt kê bảng nhiệm vụ (list the task table)."""
    from .answer import open_answerer
    from .explorer import explore

    try:
        answerer = open_answerer()
        records = explore(answerer.index.tasks, answerer.successors, agency=agency)
    except (AssistantError, OSError) as error:
        _fail(error)
    if format is TaskFormat.json:
        typer.echo(json.dumps([t.model_dump() for t in records], ensure_ascii=False, indent=2))
    elif format is TaskFormat.csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["doc_id", "section", "summary", "lead", "coordinators", "timeframe", "start", "end",
                         "recurring", "status"])
        for t in records:
            writer.writerow([t.doc_id, t.section, t.summary, "; ".join(t.lead), "; ".join(t.coordinators),
                             t.timeframe.text, t.timeframe.start or "", t.timeframe.end or "",
                             t.timeframe.recurring, t.status])
        typer.echo(out.getvalue(), nl=False)
    else:
        for t in records:
            typer.echo(f"{t.doc_id} {t.section:<7} {'; '.join(t.lead)[:60]:<60}  {t.timeframe.text} ({t.status_label})")
        typer.echo(f"({len(records)} nhiệm vụ)")


class BriefFormat(StrEnum):
    md = "md"
    docx = "docx"


@app.command()
def brief(
    agency: Annotated[str, typer.Argument(help="Tên cơ quan, ví dụ \"Sở Y tế\" hoặc tên mới sau sắp xếp 2025")],
    format: Annotated[BriefFormat, typer.Option("--format", help="md hoặc docx")] = BriefFormat.md,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp kết quả (mặc định: màn hình)")] = None,
) -> None:
    """Bản tóm tắt nhiệm vụ của một cơ quan cho cán bộ truyền thông (agency brief)."""
    from .answer import open_answerer
    from .brief_docx import brief_docx
    from .briefs import agency_brief, brief_markdown

    try:
        answerer = open_answerer()
        result = agency_brief(answerer.index, answerer.successors, agency)
    except (AssistantError, OSError) as error:
        _fail(error)
    if format is BriefFormat.docx:
        if output is None:
            typer.echo("Lỗi: --format docx cần -o TỆP.docx", err=True)
            raise typer.Exit(2)
        try:
            output.write_bytes(brief_docx(result, get_settings().office))
        except OSError as error:
            _fail(error)
    elif output is not None:
        try:
            output.write_text(brief_markdown(result), encoding="utf-8")
        except OSError as error:
            _fail(error)
    else:
        typer.echo(brief_markdown(result), nl=False)
    if output is not None:
        typer.echo(f"Đã ghi {output} ({len(result.lead)} nhiệm vụ chủ trì, {len(result.coordination)} phối hợp)")


@app.command()
def add(
    file: Annotated[Path, typer.Argument(help="Tệp .txt, .md, .docx, .pdf hoặc .html")],
    number: Annotated[str, typer.Option(help="Số hiệu, ví dụ 95/KH-UBND")],
    title: Annotated[str, typer.Option(help="Trích yếu")],
    date: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="Ngày ký, YYYY-MM-DD")],
    kind: Annotated[str, typer.Option(help="Loại văn bản")] = "Kế hoạch",
    issuer: Annotated[str, typer.Option(help="Cơ quan ban hành")] = "UBND tỉnh Quảng Ngãi",
    signer: Annotated[str | None, typer.Option(help="Người ký")] = None,
) -> None:
    """Thêm một văn bản vào corpus/ (kiểm tra loại, kích thước, tiếng Việt, số hiệu trùng)."""
    from .admin import add_document_file

    try:
        meta = add_document_file(get_settings(), file, number=number, title=title, date=date, kind=kind,
                                 issuer=issuer, signer=signer)
    except (AssistantError, OSError) as error:
        _fail(error)
    typer.echo(f"Đã thêm {meta.id} vào {meta.file}; chạy `assistant build` (hoặc khởi động lại) để dựng chỉ mục.")


@app.command()
def chat() -> None:
    """Trò chuyện trong terminal; hiểu câu hỏi nối tiếp như "còn thời gian thực hiện?"."""
    from .answer import open_answerer
    from .chat import Conversation

    conversation = Conversation(open_answerer())
    typer.echo("Hỏi về Kế hoạch 83/KH-UBND. Gõ 'thoát' hoặc Ctrl-D để kết thúc.")
    while True:
        try:
            question = input("› ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            return
        if question.strip().lower() in ("thoát", "thoat", "exit", "quit"):
            return
        try:
            answer = conversation.ask(question)
        except (AssistantError, OSError) as error:
            typer.echo(f"Lỗi: {error}", err=True)
            continue
        typer.echo(answer.answer)
        for citation in answer.citations:
            typer.echo(f"  [{citation.doc_id} {citation.section}]")


@app.command("eval")
def evaluate_command(
    questions: Annotated[Path | None, typer.Option(help="Tệp câu hỏi .jsonl")] = None,
    baseline: Annotated[bool, typer.Option(help="So sánh với RAG cơ bản")] = True,
    forms: Annotated[bool, typer.Option(help="Hỏi lại mỗi câu theo 6 cách gõ (không dấu, Telex, VNI, …)")] = False,
) -> None:
    """Đánh giá độ chính xác trên bộ câu hỏi (accuracy, recall@k, latency vs a naive baseline)."""
    from .answer import open_answerer
    from .evaluation import DEFAULT_QUESTIONS, evaluate, evaluate_forms, format_forms, format_report, load_questions

    try:
        answerer, chosen = open_answerer(), load_questions(questions or DEFAULT_QUESTIONS)
        typer.echo(format_report(evaluate(answerer, chosen, baseline=baseline)))
        if forms:
            typer.echo("")
            typer.echo(format_forms(evaluate_forms(answerer, chosen)))
    except (AssistantError, OSError) as error:
        _fail(error)


@app.command()
def calibrate(
    questions: Annotated[list[Path] | None, typer.Option(help="Tệp câu hỏi .jsonl có nhãn (mặc định: bộ chính, bộ giữ lại, câu ngoài phạm vi, hai bộ huấn luyện)")] = None,
) -> None:
    """Khớp lại mô hình quyết định "kế hoạch có trả lời không" (fit the answerability model) và ghi answerability.json."""
    from .answer import open_answerer
    from .decision import WEIGHTS_FILE, fit
    from .evaluation import DEFAULT_QUESTIONS, load_questions
    from .retype import FORMS

    paths = questions or [DEFAULT_QUESTIONS, *(DEFAULT_QUESTIONS.parent / f"{name}.jsonl"
                                                for name in ("holdout", "negatives", "train-a", "train-b"))]
    try:
        labelled = [q for path in paths for q in load_questions(path)]
        weights, report = fit(open_answerer(), labelled, list(FORMS))
    except (AssistantError, OSError) as error:
        _fail(error)
    WEIGHTS_FILE.write_text(json.dumps(weights, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(report)
    typer.echo(f"→ {WEIGHTS_FILE}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Địa chỉ (mặc định ASSISTANT_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Cổng (mặc định ASSISTANT_PORT)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Số tiến trình phục vụ (nhiều tiến trình: đặt "
                                                     "ASSISTANT_REDIS_URL để dùng chung phiên và giới hạn)")] = 1,
) -> None:
    """Chạy máy chủ web/API (builds the index on first start)."""
    import uvicorn

    from api.main import create_app
    from api.server import server_options

    settings = get_settings()
    # X-Forwarded-For is honoured by the app itself, from ASSISTANT_TRUSTED_PROXIES only (uvicorn's own
    # default trusts 127.0.0.1, which lets anyone behind a local tunnel pick their address).
    options = {"host": host or settings.host, "port": port or settings.port, "proxy_headers": False}
    try:
        if workers == 1:
            from .answer import open_answerer

            open_answerer(settings)  # build or check the index now: a broken corpus is one line, not a traceback
        else:
            _prepare_index_apart(settings)
    except (AssistantError, OSError) as error:
        _fail(error)
    options |= server_options(settings, workers=workers)  # header timeout, JSON access/question/audit logs
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:  # each worker makes its own app from the same ASSISTANT_* environment
        uvicorn.run("api.main:create_app", factory=True, workers=workers, **options)


def _prepare_index_apart(settings: Settings) -> None:
    """Check (and if needed build) the index in a short-lived process, so the supervisor of the workers
    does not keep the embedding model in memory."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        pool.submit(_index_counts, settings).result()


def _index_counts(settings: Settings) -> dict:
    from .index import open_index

    return open_index(settings).manifest["counts"]


if __name__ == "__main__":  # python -m assistant.cli
    app()
