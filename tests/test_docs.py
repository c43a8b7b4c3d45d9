"""Docs stay true: every setting and CLI command is in the README, and its two commands exist."""

import re

from typer.main import get_command

from assistant.cli import app
from assistant.settings import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    table = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(ASSISTANT_\w+)` \| `([^`]*)` \|", README, re.M)}
    for name, field in Settings.model_fields.items():
        env = f"ASSISTANT_{name.upper()}"
        assert env in table, f"{env} is not in README's settings table"
        default = field.default
        if isinstance(default, (int, float, str)) and not isinstance(default, bool):
            assert table[env] == str(default), f"{env}: README says {table[env]!r}, code says {default!r}"
    assert set(table) == {f"ASSISTANT_{n.upper()}" for n in Settings.model_fields}


def test_every_cli_command_is_documented() -> None:
    for command in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"assistant {command}" in README, command


def test_the_two_readme_commands_are_make_targets() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in README and re.search(rf"^{target}:", makefile, re.M)
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
