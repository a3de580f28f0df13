"""Completion in the real shells: no text in a valid ledger runs, or splits a word, when TAB is pressed.

Each test loads the completion script the installed `ledger` writes into bash, zsh or fish, and
completes from a ledger that passes `ledger check` but whose aliases, party names and meeting
titles each try to `touch` a file. bash and zsh run interactively on a pseudo-terminal: the test
types a line, TAB and Enter, and a shell function standing in for `ledger` records the arguments
the completed line gave it (completion itself still runs the real program); zsh also records every
candidate given to compadd. fish answers `complete -C` without a terminal.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .support import MINIMAL, run

pytestmark = pytest.mark.slow

LEDGER = Path(sys.executable).parent / "ledger"
ANSWER_SECONDS = 120  # a loaded machine runs `ledger` for each TAB; a hang still ends the test


def hostile_ledger(sentinels: Path) -> str:
    """MINIMAL plus the United Kingdom, whose aliases try to run `touch` (most start with `I`, to be
    listed beside Italy), a party whose name does, and meeting titles that do."""

    def touch(tag: str) -> str:
        return f"touch {sentinels / tag}"

    aliases = [
        "UK",
        "Britain",
        f"D$({touch('dollar')})",  # alone after `D`: bash would insert it as it is, and Enter run it
        f"Q\\$({touch('backslash-dollar')})",  # alone after `Q`: zsh ran it (typer escapes `$`, not `\\`)
        f"I$({touch('dollar-listed')})",
        f"I`{touch('backquote')}`",
        f"I; {touch('semicolon')}",
        "I\\",
        f"I:$({touch('colon')})",
        f"I'$({touch('quote')})'",
        f'I"; {touch("double-quote")}; "',
        f"I\n{touch('newline')}",
        "I*",
    ]
    name = f'F\\"); {touch("name")}; #'
    london_title = f"$({touch('title')}) \\"
    paris_title = f"x\\\"))'; {touch('paris-title')}; : '"
    parties = f"""\
  - code: GB
    name: United Kingdom
    kind: country
    aliases: [{", ".join(map(json.dumps, aliases))}]
  - code: FR
    name: {json.dumps(name)}
    kind: country
    aliases: [France]
"""
    london = f"""\
  - id: london-2025-03-02
    date: 2025-03-02
    title: {json.dumps(london_title)}
    place: London
    format: in-person
    sources:
      - url: https://example.org/l
        publisher: Example
        reliability: official
"""
    return MINIMAL.replace("meetings:\n", f"{parties}meetings:\n{london}").replace(
        "title: Coalition summit", f"title: {json.dumps(paris_title)}"
    )


# What a user is offered from the hostile ledger: every plain spelling, no hostile one.
EVERY_PARTY = ["FR", "France", "GB", "IT", "Italy", "NO", "Norge", "Norway", "UK", "United Kingdom", "Britain"]
EVERY_MEETING = ["london-2025-03-02", "paris-2026-01-06"]


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    sentinels = tmp_path / "sentinels"
    sentinels.mkdir()
    path = tmp_path / "commitments.yaml"
    path.write_text(hostile_ledger(sentinels), encoding="utf-8")
    checked = run("check", "--data", str(path))
    assert checked.exit_code == 0, checked.output
    return path


@pytest.fixture
def nothing_ran(ledger_file: Path) -> Iterator[None]:
    """After the test: no command from the data ran (no sentinel file exists)."""
    yield
    assert sorted(path.name for path in (ledger_file.parent / "sentinels").iterdir()) == []


def shell_env(home: Path) -> dict[str, str]:
    if not LEDGER.is_file():
        pytest.skip(f"the ledger command is not installed next to {sys.executable}")
    return {
        "PATH": f"{LEDGER.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "TERM": "xterm",
        "LC_ALL": "C.UTF-8",
        "INPUTRC": os.devnull,
    }


def completion_script(shell: str, env: dict[str, str], folder: Path) -> Path:
    """The script `ledger` itself prints for `shell`, as a user would source it."""
    script = subprocess.run(
        [str(LEDGER)], env={**env, "_LEDGER_COMPLETE": f"source_{shell}"}, capture_output=True, check=True, text=True
    ).stdout
    path = folder / f"ledger.{shell}"
    path.write_text(script, encoding="utf-8")
    return path


def installed(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed")
    return found


class Terminal:
    """An interactive shell on a pseudo-terminal, typed into as a person would."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self._fd, tty = os.openpty()
        fcntl.ioctl(self._fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self._shell = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=tty, stdout=tty, stderr=tty, start_new_session=True
        )
        os.close(tty)
        self._seen = b""
        self._typed = 0

    def type(self, keys: str) -> None:
        """Type `keys` (a line ending in Enter), then a command printing a marker; wait for the marker."""
        self._typed += 1
        os.write(self._fd, f"{keys}echo typed-$(( {self._typed} + 1000 ))\n".encode())
        marker = f"typed-{self._typed + 1000}\r".encode()
        deadline = time.monotonic() + ANSWER_SECONDS
        while marker not in self._seen:
            ready, _, _ = select.select([self._fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = self._read() if ready else b""
            if not chunk:
                shown = self._seen[-3000:].decode(errors="replace")
                raise AssertionError(f"the shell stopped answering after {keys!r}; it printed:\n{shown}")
            self._seen += chunk

    def _read(self) -> bytes:
        try:
            return os.read(self._fd, 65536)
        except OSError:  # the shell is gone: the terminal reads as closed
            return b""

    def close(self) -> None:
        self._shell.kill()
        self._shell.wait()
        os.close(self._fd)


@pytest.fixture
def terminal() -> Iterator[Callable[[list[str], dict[str, str], Path], Terminal]]:
    opened: list[Terminal] = []

    def start(argv: list[str], env: dict[str, str], cwd: Path) -> Terminal:
        opened.append(Terminal(argv, env, cwd))
        return opened[-1]

    yield start
    for each in opened:
        each.close()


def recorded(path: Path) -> list[str]:
    """The NUL-separated words a shell function wrote (none if it never ran); the file is removed."""
    if not path.exists():
        return []
    words = path.read_bytes().decode().split("\0")
    path.unlink()
    return [word for word in words if word]


def complete_and_run(shell: Terminal, calls: Path, line: str) -> list[str]:
    """Type `line` and Enter; the arguments `ledger` got from the completed line."""
    shell.type(f"{line}\n")
    return recorded(calls)


@pytest.mark.usefixtures("nothing_ran")
def test_bash_offers_plain_names_only_as_single_words(ledger_file: Path, tmp_path: Path) -> None:
    """COMPREPLY as typer's bash function fills it, with extglob on and a file a glob would match."""
    bash = installed("bash")
    env = shell_env(tmp_path)
    script = completion_script("bash", env, tmp_path)
    (tmp_path / "I-a-file-a-glob-would-find").touch()
    program = f"""
        shopt -s extglob
        source {shlex.quote(str(script))}
        COMP_WORDS=(ledger show --data {shlex.quote(str(ledger_file))} "$1" "$2")
        COMP_CWORD=5
        COMP_LINE="${{COMP_WORDS[*]}}"
        COMP_POINT=${{#COMP_LINE}}
        _ledger_completion ledger
        printf '%s\\0' "${{COMPREPLY[@]}}"
    """

    def offered(option: str, word: str) -> list[str]:
        result = subprocess.run(
            [bash, "--norc", "--noprofile", "-c", program, "bash", option, word],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            check=True,
            timeout=ANSWER_SECONDS,
        )
        return [word for word in result.stdout.decode().split("\0") if word]

    assert offered("--country", "I") == ["IT", "Italy"]
    assert sorted(offered("--country", "")) == sorted(value.replace(" ", "\\ ") for value in EVERY_PARTY)
    assert offered("--country", "Uni") == ["United\\ Kingdom"]
    assert offered("--meeting", "") == EVERY_MEETING


@pytest.mark.usefixtures("nothing_ran")
def test_bash_inserts_a_completed_name_as_one_word(
    ledger_file: Path, tmp_path: Path, terminal: Callable[[list[str], dict[str, str], Path], Terminal]
) -> None:
    env = shell_env(tmp_path)
    script = completion_script("bash", env, tmp_path)
    calls = tmp_path / "calls"
    shell = terminal([installed("bash"), "--norc", "--noprofile", "-i"], env, tmp_path)
    shell.type(f"PS1='$ '; source {shlex.quote(str(script))}; ledger() {{ printf '%s\\0' \"$@\" > {calls}; }}\n")
    data = f"ledger show --data {shlex.quote(str(ledger_file))}"

    assert complete_and_run(shell, calls, f"{data} --country D\t")[-1] == "D"
    assert complete_and_run(shell, calls, f"{data} --country Uni\t")[-1] == "United Kingdom"
    assert complete_and_run(shell, calls, f"{data} --country Ita\t")[-1] == "Italy"
    assert complete_and_run(shell, calls, f"{data} --meeting lon\t")[-1] == "london-2025-03-02"
    assert complete_and_run(shell, calls, f"{data} --country I\t\t")[-1] == "I"  # listed, nothing to add


ZSH_SETUP = """\
PS1='%% '; bindkey -e; autoload -Uz compinit; compinit -u -D; source {script}
ledger() {{ print -rn -- "${{(pj:\\0:)@}}" > {calls} }}
compadd() {{
  if (( ${{argv[(I)-[OAD]]}} )); then builtin compadd "$@"; return; fi
  local -a matched; builtin compadd -O matched "$@"
  (( $#matched )) && print -rn -- "${{(pj:\\0:)matched}}"$'\\0' >> {offered}
  builtin compadd "$@"
}}
"""


@pytest.mark.usefixtures("nothing_ran")
def test_zsh_lists_and_inserts_plain_names_only(
    ledger_file: Path, tmp_path: Path, terminal: Callable[[list[str], dict[str, str], Path], Terminal]
) -> None:
    """compadd wrapped to record what _arguments gave it, after zsh evaluated typer's answer twice."""
    env = shell_env(tmp_path)
    script = completion_script("zsh", env, tmp_path)
    calls, offered = tmp_path / "calls", tmp_path / "offered"
    shell = terminal([installed("zsh"), "-f", "-i"], env, tmp_path)
    shell.type(ZSH_SETUP.format(script=shlex.quote(str(script)), calls=calls, offered=offered))
    data = f"ledger show --data {shlex.quote(str(ledger_file))}"

    def line(keys: str) -> tuple[str, set[str]]:
        """The last argument the completed line gave `ledger`, and the candidates zsh was given."""
        return complete_and_run(shell, calls, f"{data} {keys}")[-1], set(recorded(offered))

    assert line("--country Q\t\t") == ("Q", set())
    assert line("--country \t\t")[1] == set(EVERY_PARTY)
    assert line("--meeting \t\t")[1] == set(EVERY_MEETING)
    assert line("--country I\t\t") == ("IT", {"IT", "Italy"})  # the second TAB picks the first
    assert line("--country Uni\t") == ("United Kingdom", {"United Kingdom"})
    assert line("--meeting lon\t") == ("london-2025-03-02", {"london-2025-03-02"})


@pytest.mark.usefixtures("nothing_ran")
def test_fish_offers_plain_names_only_with_clean_hints(ledger_file: Path, tmp_path: Path) -> None:
    fish = installed("fish")
    env = {**shell_env(tmp_path), "DATA": str(ledger_file)}
    script = completion_script("fish", env, tmp_path)

    def offered(line: str) -> list[str]:
        program = f'source {shlex.quote(str(script))}; complete -C "ledger show --data $DATA {line}"'
        result = subprocess.run(
            [fish, "--no-config", "-c", program], env=env, capture_output=True, check=True, timeout=ANSWER_SECONDS
        )
        return result.stdout.decode().splitlines()

    assert sorted(offered("--country I")) == ["IT\tItaly", "Italy\tIT"]
    assert sorted(line.split("\t")[0] for line in offered("--country ")) == sorted(EVERY_PARTY)
    assert offered("--country United\\\\ K") == ["United Kingdom\tGB"]
    assert sorted(line.split("\t")[0] for line in offered("--meeting ")) == EVERY_MEETING
