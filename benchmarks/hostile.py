"""`ledger check` on files built to hurt it: wall time and peak memory of the child process.

    python benchmarks/hostile.py

Writes each file to a temporary folder, runs `python -m ledger check --data FILE` on it in a
fresh process (cache off), and reads the child's peak RSS from `os.wait4`. The two attacks must
end with exit 1 (a clear error), in under 10 s and under 200 MB; the script exits 1 if one does
not. A third file, just under the size limit, shows what the limit itself lets through: it is
read and parsed, so its memory grows with its size, and it is reported, not judged.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WALL_LIMIT_S = 10.0
RSS_LIMIT_MB = 200.0
MiB = 2**20


def brackets(path: Path, size: int) -> None:
    """`[[[[…`: the deepest flow nesting there is, one byte per level."""
    chunk = b"[" * MiB
    with path.open("wb") as stream:
        for _ in range(size // MiB):
            stream.write(chunk)
        stream.write(b"[" * (size % MiB))


def billion_laughs(path: Path) -> None:
    """Nine anchored lists of ten, each made of aliases of the one before: 10**9 "lol"s once
    expanded, in about 400 bytes."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# (label, file name, writer, judged against the limits)
CASES: list[tuple[str, str, Callable[[Path], None], bool]] = [
    ("200 MiB of '['", "brackets-200mib.yaml", lambda path: brackets(path, 200 * MiB), True),
    ("billion laughs (10**9 lols)", "billion-laughs.yaml", billion_laughs, True),
    ("127 MiB of '[' (under the limit)", "brackets-127mib.yaml", lambda path: brackets(path, 127 * MiB), False),
]


def measure(path: Path, folder: Path) -> tuple[int, float, float, str]:
    """Exit code, wall seconds, peak RSS in MB, and the first line the child printed."""
    out, err = folder / "stdout", folder / "stderr"
    writable = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    argv = [sys.executable, "-m", "ledger", "check", "--data", str(path)]
    env = {**os.environ, "LEDGER_CACHE": "off", "NO_COLOR": "1"}
    started = time.perf_counter()
    pid = os.posix_spawn(
        sys.executable,
        argv,
        env,
        file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, str(out), writable, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, str(err), writable, 0o600),
        ],
    )
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    peak_mb = usage.ru_maxrss * 1024 / 1e6  # Linux reports KiB
    said = (out.read_text(errors="replace") + err.read_text(errors="replace")).strip().splitlines()
    return os.waitstatus_to_exitcode(status), wall, peak_mb, said[0] if said else ""


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    print(f"ledger check on hostile files, {dt.date.today()}")
    system = f"{platform.system()} {platform.release()}"
    print(f"{cpu_name()}, {os.cpu_count()} CPUs; {system}; Python {platform.python_version()}")
    print(f"limits: exit 1, wall < {WALL_LIMIT_S:.0f} s, peak RSS < {RSS_LIMIT_MB:.0f} MB\n")
    print(f"{'file':<33} {'size':>13} {'exit':>4} {'wall':>8} {'peak RSS':>10}  verdict")
    failed = False
    with tempfile.TemporaryDirectory(prefix="ledger-hostile-") as name:
        folder = Path(name)
        for label, filename, write, judged in CASES:
            path = folder / filename
            write(path)
            size = path.stat().st_size
            code, wall, peak, said = measure(path, folder)
            path.unlink()
            ok = code == 1 and wall < WALL_LIMIT_S and peak < RSS_LIMIT_MB
            failed |= judged and not ok
            verdict = ("ok" if ok else "FAIL") if judged else "(not judged)"
            print(f"{label:<33} {size:>11,} B {code:>4} {wall:>6.2f} s {peak:>7.0f} MB  {verdict}")
            print(f"    {said.replace(str(folder), '$TMP')[:150]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
