"""The JSON Schema: generated from the models, committed beside the data, proven by check-jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ledger.load.loader import load_bytes
from ledger.model.vocabulary import Kind, Status
from ledger.schema import json_schema

from .support import MINIMAL, ROOT, run

DATA = ROOT / "data" / "commitments.yaml"
COMMITTED = ROOT / "data" / "commitments.schema.json"
MODELINE = "# yaml-language-server: $schema=commitments.schema.json"


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of every object in the schema, named `Model.field`."""
    for model, definition in {"Ledger": schema, **schema["$defs"]}.items():
        for name, prop in definition.get("properties", {}).items():
            yield f"{model}.{name}", prop


def _check_jsonschema(instance: Path, schemafile: Path = COMMITTED) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schemafile), str(instance)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_committed_schema_is_current() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), (
        "data/commitments.schema.json is stale: run `ledger schema > data/commitments.schema.json`"
    )


def test_schema_check_passes_on_the_committed_file_and_fails_on_a_stale_one(tmp_path: Path) -> None:
    assert run("schema", "--check", str(COMMITTED)).exit_code == 0
    stale = tmp_path / "commitments.schema.json"
    stale.write_text(COMMITTED.read_text(encoding="utf-8").replace('"troops"', '"tanks"'), encoding="utf-8")
    result = run("schema", "--check", str(stale))
    assert result.exit_code == 1
    assert result.stderr == f"error: {stale} is not the current schema; rewrite it with: ledger schema > {stale}\n"


def test_the_schema_names_its_dialect_and_identity() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "commitments.schema.json"
    assert schema["title"]
    Draft202012Validator.check_schema(schema)


def test_the_top_level_keys_are_the_files_own() -> None:
    schema = json_schema()
    assert list(schema["properties"]) == ["schema", "parties", "meetings", "commitments"]
    assert schema["additionalProperties"] is False


def test_kind_and_status_are_enums_of_the_vocabulary() -> None:
    definitions = json_schema()["$defs"]
    assert definitions["Kind"]["enum"] == [k.value for k in Kind]
    assert definitions["Status"]["enum"] == [s.value for s in Status]


def test_every_field_has_a_description_and_examples() -> None:
    lacking = [
        name for name, prop in _properties(json_schema()) if not prop.get("description") or not prop.get("examples")
    ]
    assert lacking == []


def test_every_example_is_valid_for_its_field() -> None:
    schema = json_schema()
    invalid = []
    for name, prop in _properties(schema):
        validator = Draft202012Validator(
            {**prop, "$defs": schema["$defs"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        invalid += [f"{name}: {example!r}" for example in prop["examples"] if not validator.is_valid(example)]
    assert invalid == []


def test_the_data_file_opens_with_the_schema_modeline() -> None:
    assert DATA.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_the_loader_accepts_the_modeline() -> None:
    result = load_bytes(f"{MODELINE}\n{MINIMAL}".encode(), name="t.yaml")
    assert result.diagnostics == ()


def test_check_jsonschema_accepts_the_shipped_data() -> None:
    result = _check_jsonschema(DATA)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_rejects_an_unknown_kind(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("kind: troops", "kind: tanks"))
    result = _check_jsonschema(path)
    assert result.returncode == 1
    assert "$.commitments[0].kind: 'tanks' is not one of" in result.stdout


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("    name: Italy\n", "    name: Italy\n    capital: Rome\n"), "an unknown field"),
        (("date: 2026-01-06", "date: 2026-13-06"), "an impossible date"),
        (("reliability: major", "reliability: rumour"), "an unknown reliability"),
        (("schema: 1", "schema: 2"), "another format version"),
        (("    kind: troops", "    stated_on: 6 January\n    kind: troops"), "a statement date not written YYYY-MM-DD"),
    ],
)
def test_check_jsonschema_rejects_what_the_loader_rejects(
    write_ledger: Callable[..., Path], change: tuple[str, str], why: str
) -> None:
    text = MINIMAL.replace(*change)
    assert load_bytes(text.encode(), name="t.yaml").errors, why
    assert _check_jsonschema(write_ledger(text)).returncode == 1, why


def test_check_jsonschema_reads_yaml_1_2_like_the_loader(write_ledger: Callable[..., Path]) -> None:
    """Unquoted NO (Norway) stays a string and dates stay text in both: they agree on MINIMAL."""
    text = MINIMAL.replace("party: IT", "party: NO")
    assert "code: NO\n" in text
    assert load_bytes(text.encode(), name="t.yaml").diagnostics == ()
    result = _check_jsonschema(write_ledger(text))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_is_json_with_a_final_newline() -> None:
    text = COMMITTED.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()
