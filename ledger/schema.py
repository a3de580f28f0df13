"""The data file's JSON Schema, generated from the models, for editors and independent validators.

The models stay the one definition of the format: the schema is derived from them, and the
committed copy beside the data is checked against this output so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, Final

from ledger.model.models import Ledger

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME: Final = "commitments.schema.json"


def json_schema() -> dict[str, Any]:
    """The schema of a whole data file (keys as written in YAML), its definitions last."""
    generated = Ledger.model_json_schema(by_alias=True, mode="validation")
    body = {key: value for key, value in generated.items() if key not in ("$defs", "title", "description")}
    return {
        "$schema": DIALECT,
        "$id": FILE_NAME,
        "title": "ledger data file",
        "description": (
            "What countries and organisations committed at international summits: "
            "parties, meetings, and one commitment per position a party stated at a meeting."
        ),
        **body,
        "$defs": generated["$defs"],
    }
