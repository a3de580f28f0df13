"""The warm path: a cache hit rebuilds the validated ledger without validating, and every command
prints the same bytes from it as from a full load.

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
from pydantic import BaseModel, ValidationError

from ledger.load import cache, loader, warm
from ledger.load.result import load_path
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


def _records(value: object) -> Iterator[BaseModel]:
    """Every model inside a ledger, depth first."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
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
def test_a_rebuilt_ledger_is_the_validated_one(text: str) -> None:
    validated = _sound(text)
    rebuilt = _stored_and_back(validated)
    assert rebuilt == validated
    assert rebuilt.model_dump(mode="json", by_alias=True) == validated.model_dump(mode="json", by_alias=True)
    pairs = list(zip(_records(validated), _records(rebuilt), strict=True))
    assert len(pairs) > 3
    for before, after in pairs:
        assert type(after) is type(before)
        assert after.__dict__ == before.__dict__
        assert after.model_fields_set == before.model_fields_set
        assert hash(after) == hash(before)
        # The same record as pydantic's own construct-without-validation makes it.
        fields = {name: getattr(before, name) for name in type(before).model_fields}
        constructed = type(before).model_construct(set(before.model_fields_set), **fields)
        assert after == constructed and after.model_fields_set == constructed.model_fields_set


def test_a_rebuilt_ledger_is_frozen() -> None:
    rebuilt = _stored_and_back(_sound(MINIMAL))
    with pytest.raises(ValidationError, match="frozen"):
        rebuilt.commitments[0].summary = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda values: values.pop("parties"), id="a-field-missing"),
        pytest.param(lambda values: values.update(extra=1), id="a-field-too-many"),
        pytest.param(lambda values: values.update(commitments=[]), id="a-list-for-a-tuple"),
        pytest.param(lambda values: values["meetings"][0][1].update(date="6 January"), id="a-date-that-is-not"),
        pytest.param(
            lambda values: values["commitments"][0][1].update(kind="tanks"), id="a-word-not-in-the-vocabulary"
        ),
        pytest.param(lambda values: values["commitments"][0][1].update(sources=((0, {}),)), id="an-empty-record"),
    ],
)
def test_values_not_shaped_like_a_ledger_are_refused(damage: Callable[[dict[str, Any]], None]) -> None:
    _, values = plain = warm.to_plain(_sound(MINIMAL))
    damage(values)
    with pytest.raises(ValueError, match="not a stored ledger"):
        warm.from_plain(plain)


def test_a_hit_neither_parses_nor_validates(write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_ledger()
    first = load_path(path, cached=True)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the warm path validated or parsed")

    monkeypatch.setattr(Ledger, "model_validate", refuse)
    monkeypatch.setattr(loader, "load_bytes", refuse)
    assert load_path(path, cached=True) == first


def test_a_hit_builds_no_validator(write_ledger: Callable[..., Path]) -> None:
    """In a fresh process, as a command runs: the models' validators are never built."""
    path = write_ledger()
    load_path(path, cached=True)
    script = (
        "import sys\n"
        "from ledger.load.result import load_path\n"
        "from ledger.model import models\n"
        "assert load_path(__import__('pathlib').Path(sys.argv[1]), cached=True).ledger is not None\n"
        "print(sorted(m.__name__ for m in vars(models).values()\n"
        "             if isinstance(m, type) and issubclass(m, models._Record) and m.__pydantic_complete__))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_warm_command_imports_neither_the_parser_nor_the_loader(write_ledger: Callable[..., Path]) -> None:
    """The whole entry point, in a fresh process, after a cold run: the answer comes from the
    entry, and neither yaml nor the module that parses the file is imported."""
    data = str(write_ledger())
    script = (
        "import sys\n"
        "from ledger.entry import run\n"
        "try:\n"
        "    run()\n"
        "finally:\n"
        "    print(sorted(m for m in ('yaml', 'ledger.load.loader', 'ledger.load.strict_yaml') if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    command = [sys.executable, "-c", script, "show", "--country", "Italy", "--data", data]
    cold = subprocess.run(command, capture_output=True, text=True)
    warm_run = subprocess.run(command, capture_output=True, text=True)
    assert (cold.returncode, warm_run.returncode) == (0, 0), cold.stderr + warm_run.stderr
    assert cold.stderr == "['ledger.load.loader', 'ledger.load.strict_yaml', 'yaml']\n"
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
