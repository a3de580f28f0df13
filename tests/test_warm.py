"""The warm path: a cache hit rebuilds the validated ledger as plain records, without pydantic, and
every command prints the same bytes from them as from a full load's models.

Golden files and README examples run three ways: with the cache off (the full path), cold (the
full path, writing the entry) and warm (the entry, rebuilt). The `diff --rev` golden files load
git blobs, which never pass through the cache, so they have one path only.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ledger.load import cache, loader, warm
from ledger.load.result import load_path
from ledger.model import records
from ledger.model.models import Ledger

from . import test_readme
from .support import GOLDEN, MINIMAL, ROOT, run
from .test_query import LINEAGES
from .test_render import FIXTURE as RENDER_FIXTURE
from .test_summary import FIXTURE as SUMMARY_FIXTURE

SHIPPED = ROOT / "data" / "commitments.yaml"
FORMATS = {"txt": "table", "json": "json", "csv": "csv", "md": "markdown"}
RENDERED = ("show", "meetings", "parties")

# Every golden file a cached load can produce: (file, the ledger it is drawn from, arguments).
GOLDEN_COMMANDS = [
    *(
        (f"{c}.{e}", RENDER_FIXTURE, (c, "--format", f))
        for c in ("show", "meetings", "parties")
        for e, f in FORMATS.items()
    ),
    *((f"{c}.{e}", SUMMARY_FIXTURE, (c, "--format", f)) for c in ("matrix", "summary") for e, f in FORMATS.items()),
    ("diff.md", LINEAGES, ("diff", "paris-2025-09-04", "paris-2026-01-06", "--country", "Germany", "-f", "markdown")),
    ("diff.txt", LINEAGES, ("diff", "paris-2025-09", "paris-2026")),
    ("history.md", LINEAGES, ("history", "--country", "Spain", "-f", "markdown")),
    ("history.txt", LINEAGES, ("history", "--country", "es")),
]


def _sound(text: str) -> Ledger:
    result = loader.load_bytes(text.encode(), name="fixture.yaml")
    assert result.ledger is not None, result.diagnostics
    return result.ledger


def _stored_and_back(ledger: Ledger) -> Ledger:
    return warm.from_plain(marshal.loads(marshal.dumps(warm.to_plain(ledger))))


def _records(value: object) -> Iterator[Any]:
    """Every record inside a ledger, model or plain, depth first."""
    if hasattr(type(value), "_fields") or isinstance(value, BaseModel):
        yield value
        for name in records.field_names(value):
            yield from _records(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _records(item)


def _generated(commitments: int) -> bytes:
    generator = ROOT / "benchmarks" / "generate.py"
    return subprocess.run([sys.executable, str(generator), str(commitments)], capture_output=True, check=True).stdout


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SHIPPED.read_text(encoding="utf-8"), id="shipped"),
        pytest.param(_generated(300).decode(), id="generated"),
        pytest.param(LINEAGES, id="lineages"),
        pytest.param(RENDER_FIXTURE, id="render-fixture"),
    ],
)
def test_a_rebuilt_ledger_holds_the_validated_values(text: str) -> None:
    validated = _sound(text)
    rebuilt = _stored_and_back(validated)
    assert records.values(rebuilt) == records.values(validated) == validated.model_dump(mode="json")
    pairs = list(zip(_records(validated), _records(rebuilt), strict=True))
    assert len(pairs) > 3
    for before, after in pairs:
        assert not isinstance(after, BaseModel)
        assert type(after).__name__ == type(before).__name__
        assert records.field_names(after) == tuple(type(before).model_fields)
        for name in records.field_names(after):
            old, new = getattr(before, name), getattr(after, name)
            if not hasattr(type(old), "model_fields") and not isinstance(old, tuple):
                assert type(new) is type(old) and new == old  # the same dates and vocabulary words


def test_rebuilt_records_are_frozen_and_equal_by_value() -> None:
    ledger = _sound(MINIMAL)
    rebuilt, again = _stored_and_back(ledger), _stored_and_back(ledger)
    with pytest.raises(AttributeError):
        rebuilt.commitments[0].summary = "changed"  # type: ignore[misc]
    assert rebuilt == again and hash(rebuilt.commitments[0]) == hash(again.commitments[0])


def _field(plain: warm.Plain, record: str, name: str) -> int:
    """Where a record type's field sits in its stored tuple."""
    return next(fields for kind, fields, _ in plain[0] if kind == record).index(name)


def _replaced(values: tuple[Any, ...], path: tuple[int, ...], new: object) -> tuple[Any, ...]:
    """The stored values with the one at `path` (positions, outermost first) replaced."""
    head, *rest = path
    inner = new if not rest else _replaced(values[head], tuple(rest), new)
    return (*values[:head], inner, *values[head + 1 :])


def _damaged(plain: warm.Plain, damage: str) -> object:
    shapes, values = plain
    commitments, meetings = _field(plain, "Ledger", "commitments"), _field(plain, "Ledger", "meetings")
    match damage:
        case "a-field-missing":
            return shapes, values[:-1]
        case "a-field-too-many":
            return shapes, (*values, 1)
        case "a-list-for-a-tuple":
            return shapes, _replaced(values, (commitments,), list(values[commitments]))
        case "a-date-that-is-not":
            return shapes, _replaced(values, (meetings, 0, _field(plain, "Meeting", "date")), "6 January")
        case "a-word-not-in-the-vocabulary":
            return shapes, _replaced(values, (commitments, 0, _field(plain, "Commitment", "kind")), "tanks")
        case "an-empty-record":
            return shapes, _replaced(values, (commitments, 0, _field(plain, "Commitment", "sources")), ((),))
        case "a-vocabulary-that-is-not":
            return tuple((k, f, tuple(t.replace("enum:Kind", "enum:Final") for t in c)) for k, f, c in shapes), values
        case "a-conversion-that-is-not":
            return tuple((k, f, tuple(t.replace("date", "when") for t in c)) for k, f, c in shapes), values
        case "no-ledger-shape":
            return tuple(shape for shape in shapes if shape[0] != "Ledger"), values
        case "a-field-name-that-is-not":
            return tuple((k, tuple(n if n != "kind" else "kind of" for n in f), c) for k, f, c in shapes), values
    raise AssertionError(damage)


DAMAGES = [
    "a-field-missing",
    "a-field-too-many",
    "a-list-for-a-tuple",
    "a-date-that-is-not",
    "a-word-not-in-the-vocabulary",
    "an-empty-record",
    "a-vocabulary-that-is-not",
    "a-conversion-that-is-not",
    "no-ledger-shape",
    "a-field-name-that-is-not",
]


@pytest.mark.parametrize("damage", DAMAGES)
def test_values_not_shaped_like_a_ledger_are_refused(damage: str) -> None:
    plain = warm.to_plain(_sound(MINIMAL))
    assert records.values(warm.from_plain(plain)) == records.values(_sound(MINIMAL))
    with pytest.raises(ValueError, match="not a stored ledger"):
        warm.from_plain(_damaged(plain, damage))


def test_a_hit_neither_parses_nor_validates(write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_ledger()
    first = load_path(path, cached=True)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the warm path validated or parsed")

    monkeypatch.setattr(Ledger, "model_validate", refuse)
    monkeypatch.setattr(loader, "load_bytes", refuse)
    second = load_path(path, cached=True)
    assert records.values(second.ledger) == records.values(first.ledger) and second.diagnostics == first.diagnostics


def test_a_hit_imports_neither_pydantic_nor_the_models(write_ledger: Callable[..., Path]) -> None:
    """In a fresh process, as a command loads: no model class is built, and pydantic is not even
    imported (typer imports it for its own options; that is typer's cost, not the load's)."""
    path = write_ledger()
    load_path(path, cached=True)
    script = (
        "import sys\n"
        "from ledger.load.result import load_path\n"
        "assert load_path(__import__('pathlib').Path(sys.argv[1]), cached=True).ledger is not None\n"
        "print(sorted(m for m in ('pydantic', 'ledger.model.models', 'yaml') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_warm_command_imports_neither_the_parser_the_loader_nor_the_models(write_ledger: Callable[..., Path]) -> None:
    """The whole entry point, in a fresh process, after a cold run: the answer comes from the
    entry, and neither yaml, the module that parses the file, nor the models are imported."""
    data = str(write_ledger())
    script = (
        "import sys\n"
        "from ledger.entry import run\n"
        "try:\n"
        "    run()\n"
        "finally:\n"
        "    shown = ('yaml', 'ledger.load.loader', 'ledger.load.strict_yaml', 'ledger.model.models')\n"
        "    print(sorted(m for m in shown if m in sys.modules), file=sys.stderr)\n"
    )
    command = [sys.executable, "-c", script, "show", "--country", "Italy", "--data", data]
    cold = subprocess.run(command, capture_output=True, text=True)
    warm_run = subprocess.run(command, capture_output=True, text=True)
    assert (cold.returncode, warm_run.returncode) == (0, 0), cold.stderr + warm_run.stderr
    assert cold.stderr == "['ledger.load.loader', 'ledger.load.strict_yaml', 'ledger.model.models', 'yaml']\n"
    assert warm_run.stderr == "[]\n" and warm_run.stdout == cold.stdout and "Italy" in warm_run.stdout


@pytest.mark.parametrize(("name", "text", "args"), GOLDEN_COMMANDS, ids=[c[0] for c in GOLDEN_COMMANDS])
def test_a_golden_file_is_printed_the_same_on_both_paths(
    name: str, text: str, args: tuple[str, ...], write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(write_ledger(text))
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    full = run(*args, "--data", data, env={"LEDGER_CACHE": "off"})
    cold = run(*args, "--data", data)
    monkeypatch.setattr(Ledger, "model_validate", _no_validation)
    warm_run = run(*args, "--data", data)
    assert (full.exit_code, cold.exit_code, warm_run.exit_code) == (0, 0, 0)
    assert full.stdout == cold.stdout == warm_run.stdout == expected
    assert full.stderr == cold.stderr == warm_run.stderr


def _no_validation(*_: object, **__: object) -> None:
    raise AssertionError("the warm path validated")


def _entries() -> dict[str, tuple[int, int]]:
    """Each cache entry with its inode and modification time: a rewrite changes both."""
    folder = cache.directory()
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize("example", test_readme.EXAMPLES, ids=[e.command for e in test_readme.EXAMPLES])
def test_a_readme_example_prints_the_same_on_both_paths(
    example: test_readme.Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as off:
        off.setenv("LEDGER_CACHE", "off")
        full = test_readme._run(example.command)
    cold = test_readme._run(example.command)
    written = _entries()
    warm_run = test_readme._run(example.command)
    assert _entries() == written, "the second run rewrote its entry: it was not a hit"
    assert full == cold == warm_run == example.shown
