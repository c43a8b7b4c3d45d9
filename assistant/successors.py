"""Which body now does the work Plan 83 gave to an agency that the 2025 reorganization merged or abolished.

The facts are data (`corpus/agencies.toml`), not code, so a later merger is one more `[[successor]]` entry.
Names are compared by their canonical form from `find_agencies`, so "Sở TT&TT", "so thong tin va truyen
thong" and "Sở Thông tin và Truyền thông" are one agency; a name the matcher does not know (the new
"UBND các xã, phường, đặc khu") is compared by its folded spelling.
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .agencies import find_agencies
from .errors import CorpusError
from .vntext import fold

__all__ = ["Successor", "Successors", "load_successors", "SUCCESSORS_FILE"]

SUCCESSORS_FILE = "agencies.toml"


@dataclass(frozen=True)
class Successor:
    old: str
    new: str
    effective: date
    note: str = ""


def _key(name: str) -> str:
    matches = find_agencies(name)
    if matches:
        return matches[0].agency.name
    return " ".join(re.findall(r"\w+", fold(name)))


class Successors:
    """Old name → successor, and back. Built from entries; two entries for one old name are an error."""

    def __init__(self, entries: list[Successor], source: str = "successors") -> None:
        self._by_old: dict[str, Successor] = {}
        for entry in entries:
            key = _key(entry.old)
            if key in self._by_old:
                raise CorpusError(f"{source}: {entry.old!r} is listed twice as `old` "
                                  f"(first as {self._by_old[key].old!r}); keep one entry per old agency")
            self._by_old[key] = entry

    @property
    def entries(self) -> list[Successor]:
        return list(self._by_old.values())

    def successor_of(self, name: str) -> Successor | None:
        """The entry whose old agency is `name`, or None when that agency still exists as it was."""
        return self._by_old.get(_key(name))

    def predecessors_of(self, name: str) -> list[Successor]:
        """Entries that became `name`: "Sở Nông nghiệp và Môi trường" → the two departments it merged."""
        key = _key(name)
        return [entry for entry in self._by_old.values() if _key(entry.new) == key]

    def note_for(self, name: str) -> str | None:
        """The suffix an answer puts after an old name: "(nay là Sở Khoa học và Công nghệ)"."""
        entry = self.successor_of(name)
        return f"(nay là {entry.new})" if entry else None

    def today_name(self, name: str) -> str:
        """The body that does `name`'s work today: its successor, or `name` itself when unchanged."""
        entry = self.successor_of(name)
        return entry.new if entry else name

    def today_names(self, names: list[str]) -> list[str]:
        """`today_name` of each, in order, each once: two departments merged into one appear once."""
        return list(dict.fromkeys(self.today_name(name) for name in names))


def load_successors(corpus_dir: Path) -> Successors:
    """Read `corpus_dir/agencies.toml`; any missing field, non-date `effective` or repeated old name is a
    CorpusError naming the file and the entry."""
    path = corpus_dir / SUCCESSORS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(f"{path}: file not found; add it or copy corpus/{SUCCESSORS_FILE}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: not valid TOML ({error})") from None
    raw = data.get("successor", [])
    if not isinstance(raw, list):
        raise CorpusError(f"{path}: `successor` must be a list of [[successor]] tables")
    return Successors([_entry(item, f"{path} entry {n}") for n, item in enumerate(raw, 1)], str(path))


def _entry(item: object, where: str) -> Successor:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: expected a [[successor]] table, got {item!r}")
    for field in ("old", "new", "effective"):
        if field not in item:
            raise CorpusError(f"{where}: missing field `{field}` (each entry needs old, new, effective)")
    for field in ("old", "new"):
        if not isinstance(item[field], str) or not item[field].strip():
            raise CorpusError(f"{where}: `{field}` must be a non-empty string, got {item[field]!r}")
    if not isinstance(item.get("note", ""), str):
        raise CorpusError(f"{where}: `note` must be a string, got {item['note']!r}")
    effective = item["effective"]
    if not isinstance(effective, date) or isinstance(effective, datetime):
        raise CorpusError(f"{where}: `effective` must be a date written like 2025-03-01, got {effective!r}")
    unknown = set(item) - {"old", "new", "effective", "note"}
    if unknown:
        raise CorpusError(f"{where}: unknown field(s) {sorted(unknown)!r}")
    return Successor(item["old"].strip(), item["new"].strip(), effective, item.get("note", "").strip())
