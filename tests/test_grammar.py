"""The one table of options the early answers read (`ledger.grammar`) is the commands' own:
the options typer builds from `ledger.cli`, their parameters, which take values, which repeat,
which are required, and what each is when not given."""

from __future__ import annotations

import pytest
import typer
import typer.main

from ledger import fast_path
from ledger.cli import app
from ledger.grammar import COMMANDS


def _command(name: str) -> typer.core.TyperCommand:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    command = group.commands[name]
    assert isinstance(command, typer.core.TyperCommand)
    return command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_holds_every_option_of_the_command_as_typer_reads_it(name: str) -> None:
    declared = {}
    for param in _command(name).params:
        if param.param_type_name != "option":
            continue
        for spelled in param.opts:
            declared[spelled] = (param.name, not getattr(param, "is_flag", False), param.multiple, param.required)
    table = {
        spelled: (option.param, option.takes is not None, option.many, option.required)
        for spelled, option in COMMANDS[name].items()
    }
    assert table == declared


@pytest.mark.parametrize("name", fast_path.ANSWERED)
def test_an_option_left_out_is_what_typer_gives(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path's defaults against typer's: the same values for every parameter."""
    monkeypatch.delenv("LEDGER_DATA", raising=False)
    defaults = {param.name: param.default for param in _command(name).params if not param.required}
    for option in COMMANDS[name].values():
        if not option.required:
            assert fast_path._default(option) == defaults[option.param], option.param


def test_the_fast_path_answers_only_commands_without_arguments() -> None:
    for name in fast_path.ANSWERED:
        assert all(param.param_type_name == "option" for param in _command(name).params), name
    assert set(fast_path.ANSWERED) <= set(COMMANDS)
