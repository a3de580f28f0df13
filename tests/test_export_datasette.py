"""The SQLite export with its metadata file serves a usable Datasette site."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from ledger.core import query, summary
from ledger.load.result import load_path

from .support import ROOT, run

DATA = ROOT / "data" / "commitments.yaml"


@pytest.mark.slow  # starts Datasette on the export: a few seconds
def test_datasette_serves_the_commitments_table_with_the_metadata(tmp_path: Path) -> None:
    app = pytest.importorskip("datasette.app", reason="datasette, a test dependency, is not installed")
    database = tmp_path / "ledger.db"
    result = run("export", "sqlite", str(database), "--data", str(DATA))
    assert result.stderr == f"wrote {database} and {tmp_path / 'ledger.metadata.json'}\n"
    metadata = json.loads((tmp_path / "ledger.metadata.json").read_text(encoding="utf-8"))
    site = app.Datasette([str(database)], metadata=metadata)

    async def get(path: str) -> Any:
        response = await site.client.get(path)
        assert response.status_code == 200, path
        return response

    async def visit() -> tuple[Any, Any, Any, str]:
        table = await get("/ledger/commitments.json?_shape=objects&_size=max")
        search = await get("/ledger/commitments.json?_search=%22Article+5%22&_shape=objects")
        current = await get("/ledger/current_position.json?_shape=array&_size=max")
        page = await get("/ledger/commitments")
        return table.json(), search.json(), current.json(), page.text

    table, search, current, page = asyncio.run(visit())
    ledger = load_path(DATA).ledger
    assert ledger is not None
    assert [row["id"] for row in table["rows"]] == sorted(c.id for c in ledger.commitments)  # by primary key
    assert "it-guarantee-paris-2026-01-06" in [row["id"] for row in search["rows"]]
    assert [row["id"] for row in current] == [c.id for c in query.as_of(ledger, summary.latest_date(ledger))]  # type: ignore[arg-type]
    assert metadata["databases"]["ledger"]["tables"]["commitments"]["description"] in page
