"""Measure `ledger` against its floor and its peers, in one run, and print a Markdown table.

Every figure is a whole process, timed from outside: wall time with `time.perf_counter` around
the child, CPU time and peak RSS from `os.wait4`. Commands, their floor and their peers run
interleaved, round after round, so a ratio compares runs made under the same load.

- floor: `python -c "import typer, rich, pydantic, yaml"`, what any CLI on these libraries pays
  before it does anything;
- naive load: `yaml.load(f, Loader=yaml.CSafeLoader)` of the same file, with no checks at all;
- peers: a naive script (that load, a list filter, a print) and, when it is installed,
  `hledger register` on a journal of as many entries, written by this script.

Goals (ratios of medians): `show --country Italy` on the shipped data <= 1.0 x the floor, and
<= 0.8 x as JSON; completion of `--country It` <= 0.5 x the floor; a warm `show` <= 1.5 x the
floor at 10k and <= 0.03 x the naive load at 100k; a cold `check` <= 0.4 x the naive load at
every size; peak memory of a cold `check` at 100k <= 2 x the naive load's.

    python benchmarks/run.py                 # 10k and 100k commitments, 5 rounds (slow)
    python benchmarks/run.py --quick         # a small ledger, one round: a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from generate import PARTIES, write_ledger

PARTY_CODES = [party[0] for party in PARTIES]

IMPORT_FLOOR = "import typer, rich, pydantic, yaml"
# What typer itself costs before any command runs: parse one option, call a function that does nothing.
TYPER_FLOOR = (
    "import typer\n"
    "app = typer.Typer()\n"
    "@app.command()\n"
    "def show(country: str = typer.Option('')) -> None:\n"
    "    pass\n"
    "app(['--country', 'Italy'])\n"
)
NAIVE_LOAD = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
# The peer a reader would write in five minutes: no checks, YAML 1.1 (so a bare `NO` is false).
NAIVE_SHOW = (
    "import sys, yaml\n"
    "ledger = yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)\n"
    "for c in [c for c in ledger['commitments'] if c['party'] == sys.argv[2]]:\n"
    "    print(c['meeting'], c['kind'], c['status'], c['summary'], sep=' | ')\n"
)
COMPLETION = {"_LEDGER_COMPLETE": "complete_bash", "COMP_WORDS": "ledger show --country It", "COMP_CWORD": "3"}
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "commitments.yaml"
G3_PARTY, G3_CODE = "Norway", "NO"  # written `NO`, unquoted, in the generated file


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_mib: float


@dataclass
class Measure:
    """One command, run once per round; `before` runs untimed ahead of each run."""

    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    samples: list[Sample] = field(default_factory=list)

    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    def peak(self) -> float:
        return max(s.peak_mib for s in self.samples)

    def cell(self) -> str:
        walls = [s.wall for s in self.samples]
        return f"{_ms(self.wall())} ({_ms(min(walls))}–{_ms(max(walls))})"


@dataclass(frozen=True)
class Goal:
    name: str
    text: str
    value: float
    limit: float
    unit: str = "×"

    def row(self) -> str:
        # Two decimals hide a small ratio's miss (0.031 shows as 0.03): small ratios get three.
        decimals = 3 if self.value < 0.1 else 2
        shown = f"{self.value * 1000:.0f} ms" if self.unit == "ms" else f"{self.value:.{decimals}f}×"
        limit = f"{self.limit * 1000:.0f} ms" if self.unit == "ms" else f"{self.limit:g}×"
        verdict = "met" if self.value <= self.limit else f"**not met** ({self.value / self.limit:.2f}× over)"
        return f"| {self.name} | {self.text} | {shown} | ≤ {limit} | {verdict} |"


class Bench:
    """Runs measures in a scratch directory with a cache of its own."""

    def __init__(self, work: Path, runs: int) -> None:
        self.work = work
        self.runs = runs
        self.cache = work / "cache"
        self.ledger = _ledger_command()
        # PYTHONDONTWRITEBYTECODE would make every run compile the package again, which no
        # installed copy does; the untimed first run of each command writes its bytecode.
        dropped = ("FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_") and k not in dropped}
        self.env.update({"XDG_CACHE_HOME": str(self.cache), "NO_COLOR": "1", "COLUMNS": "100"})

    def python(self, label: str, code: str, *args: str) -> Measure:
        return Measure(label, [sys.executable, "-c", code, *args])

    def cli(self, label: str, *args: str, env: dict[str, str] | None = None, cold: bool = False) -> Measure:
        return Measure(label, [*self.ledger, *args], env or {}, self.clear_cache if cold else None)

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def once(self, measure: Measure) -> str:
        """Run untimed (to warm the cache and the page cache); the command's stdout."""
        done = subprocess.run(measure.argv, env={**self.env, **measure.env}, cwd=self.work, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"{measure.label}: exit {done.returncode}\n{done.stderr.decode(errors='replace')}")
        return done.stdout.decode()

    def rounds(self, measures: Sequence[Measure]) -> None:
        for number in range(self.runs):
            for measure in measures:
                if measure.before is not None:
                    measure.before()
                measure.samples.append(self.sample(measure))
            _progress(
                f"  round {number + 1}/{self.runs}: "
                + ", ".join(f"{m.label} {_ms(m.samples[-1].wall)}" for m in measures)
            )

    def sample(self, measure: Measure) -> Sample:
        start = time.perf_counter()
        child = subprocess.Popen(
            measure.argv,
            env={**self.env, **measure.env},
            cwd=self.work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            self.once(measure)  # reports the error
            raise SystemExit(f"{measure.label}: exit {child.returncode}")
        # ru_maxrss is in KiB on Linux and in bytes on macOS.
        peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        return Sample(wall, usage.ru_utime + usage.ru_stime, peak)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="commitments per ledger")
    parser.add_argument("--runs", type=int, default=5, help="rounds per measure (default: 5)")
    parser.add_argument("--quick", action="store_true", help="one round on a 200-commitment ledger: a smoke test")
    args = parser.parse_args(argv)
    sizes, runs = ([200], 1) if args.quick else (args.sizes, args.runs)
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as scratch:
        print(report(Bench(Path(scratch), runs), sizes, quick=args.quick))


def report(bench: Bench, sizes: Sequence[int], *, quick: bool) -> str:
    rows: list[str] = []
    goals: list[Goal] = []
    hledger = shutil.which("hledger")

    _progress("shipped data")
    floor = bench.python("floor", IMPORT_FLOOR)
    typer_floor = bench.python("typer floor: a one-option command that does nothing", TYPER_FLOOR)
    show = bench.cli("`show --country Italy` (warm)", "show", "--country", "Italy")
    show_json = bench.cli("`show --country Italy --format json` (warm)", "show", "--country", "Italy", "-f", "json")
    completion = bench.cli("completion of `show --country It`", env=COMPLETION)
    naive_show = bench.python("peer: naive script (load, filter, print)", NAIVE_SHOW, str(SHIPPED), "IT")
    bench.once(show)
    measures = [floor, typer_floor, show, show_json, completion, naive_show]
    bench.rounds(measures)
    rows += [_row("shipped", m) for m in measures]
    goals.append(Goal("show", "`show --country Italy` ÷ floor", show.wall() / floor.wall(), 1.0))
    goals.append(Goal("json", "`show --country Italy --format json` ÷ floor", show_json.wall() / floor.wall(), 0.8))
    goals.append(Goal("completion", "completion of `--country It` ÷ floor", completion.wall() / floor.wall(), 0.5))

    for size in sizes:
        _progress(f"{size:,} commitments")
        data = bench.work / f"ledger-{size}.yaml"
        with data.open("w", encoding="utf-8") as stream:
            write_ledger(stream, size)
        naive = bench.python("naive `yaml.load` (CSafeLoader)", NAIVE_LOAD, str(data))
        floor = bench.python("floor", IMPORT_FLOOR)
        cold = bench.cli("`check`, cold (empty cache)", "check", "--data", str(data), cold=True)
        warm_check = bench.cli("`check`, warm", "check", "--data", str(data))
        query = ("show", "--country", G3_PARTY, "--data", str(data))
        warm_show = bench.cli(f"`show --country {G3_PARTY}`, warm", *query)
        # The same query as JSON: what the load costs without drawing a table.
        warm_json = bench.cli(f"`show --country {G3_PARTY} --format json`, warm", *query, "--format", "json")
        warm_show.label += f" ({len(json.loads(bench.once(warm_json))):,} rows)"
        peers = [bench.python("peer: naive script (load, filter, print)", NAIVE_SHOW, str(data), G3_CODE)]
        if hledger:
            journal = bench.work / f"ledger-{size}.journal"
            journal.write_text(_journal(size), encoding="utf-8")
            register = [hledger, "-f", str(journal), "register", G3_CODE]
            peers.append(Measure(f"peer: `hledger register {G3_CODE}`", register))
        measures = [naive, floor, cold, warm_check, warm_show, warm_json, *peers]
        bench.rounds(measures)
        label = f"{size // 1000}k" if size >= 1000 else str(size)
        rows += [_row(label, m) for m in measures]
        if not hledger:
            rows.append(f"| {label} | peer: `hledger register` | not installed, skipped | | |")
        goals.append(Goal("check", f"cold `check` ÷ naive load, {label}", cold.wall() / naive.wall(), 0.4))
        if size >= 100_000:
            goals.append(Goal("large", f"warm `show` ÷ naive load, {label}", warm_show.wall() / naive.wall(), 0.03))
            goals.append(
                Goal("memory", f"peak RSS of cold `check` ÷ naive load, {label}", cold.peak() / naive.peak(), 2.0)
            )
        else:
            goals.append(Goal("large", f"warm `show` ÷ floor, {label}", warm_show.wall() / floor.wall(), 1.5))

    head = [
        f"{dt.date.today().isoformat()}, {_cpu_model()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {bench.runs} round(s), medians (min–max)"
        + (" — quick smoke run, not a measurement" if quick else ""),
        "",
        "| data | command | wall | CPU | peak RSS |",
        "|---|---|---:|---:|---:|",
    ]
    goal_head = ["", "| goal | ratio | measured | target | |", "|---|---|---:|---:|---|"]
    return "\n".join([*head, *rows, *goal_head, *(g.row() for g in goals)])


def _journal(entries: int) -> str:
    """A plain-text accounting journal of `entries` transactions across the same parties, for
    `hledger register`: one posting per commitment, on the party's account."""
    lines = []
    for number in range(entries):
        code = PARTY_CODES[number % len(PARTY_CODES)]
        day = dt.date(2025, 1, 1) + dt.timedelta(days=number % 365)
        lines += [f"{day} commitment {number}", f"    {code}:pledges    1", "    coalition", ""]
    return "\n".join(lines)


def _cpu_model() -> str:
    """The processor's name where Linux says it, else the machine type."""
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.machine()


def _row(data: str, measure: Measure) -> str:
    return f"| {data} | {measure.label} | {measure.cell()} | {_ms(measure.cpu())} | {measure.peak():,.0f} MiB |"


def _ledger_command() -> list[str]:
    """The installed `ledger` script beside this Python, else `python -m ledger`."""
    script = Path(sys.executable).with_name("ledger")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "ledger"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
