"""The benchmark's generator and its quick mode: a smoke test, with no timing assertions."""

from __future__ import annotations

import subprocess
import sys

from ledger.load.loader import load_bytes

from .support import ROOT

BENCHMARKS = ROOT / "benchmarks"


def _generate(commitments: int, *extra: str) -> bytes:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "generate.py"), str(commitments), *extra], capture_output=True, check=True
    )
    return done.stdout


def test_the_generated_ledger_is_valid_and_written_by_hand_style() -> None:
    text = _generate(300)
    result = load_bytes(text, name="synthetic.yaml")
    assert result.diagnostics == ()
    assert result.ledger is not None
    assert len(result.ledger.commitments) == 300
    assert b"\n    party: NO\n" in text
    assert any(c.supersedes for c in result.ledger.commitments)
    assert any(c.quote and "é" in c.quote.text for c in result.ledger.commitments)


def test_the_generator_is_deterministic_and_seeded() -> None:
    assert _generate(50) == _generate(50)
    assert _generate(50) != _generate(50, "--seed", "7")


def test_the_quick_run_measures_every_goal() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout
    assert "| data | command | wall | CPU | peak RSS |" in table
    for goal in ("| show |", "| json |", "| completion |", "| check |", "| large |"):
        assert goal in table
    assert "| 200 | peer: naive script (load, filter, print) |" in table
    assert "peer: `hledger register" in table  # measured, or said to be skipped
