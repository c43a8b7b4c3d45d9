"""A check several test modules share: a broken model or index stops the CLI with one line, no traceback."""

from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import get_settings

__all__ = ["refused_in_one_line"]


def refused_in_one_line(phrase: str, *, prefix: str = "Lỗi: ") -> None:
    """`assistant eval` and `assistant ask`, with the settings of the environment, exit 1 with one stderr
    line that starts with `prefix` and names `phrase`, and print nothing else."""
    get_settings.cache_clear()
    try:
        for command in (["eval", "--no-baseline"], ["ask", "so y te chu tri gi"]):
            result = CliRunner().invoke(app, command)
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith(prefix) and phrase in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    finally:
        get_settings.cache_clear()
