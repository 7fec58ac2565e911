import pytest
from django.core.management import CommandError, call_command


def test_the_command_prints_the_agents_a_target_needs(capsys):
    call_command("staffing", "--contacts", "100", "--aht-seconds", "180", "--shrinkage", "0.3")
    out = capsys.readouterr().out
    assert "agents               14" in out and "scheduled staff      20" in out


def test_the_command_reports_an_understaffed_team(capsys):
    call_command("staffing", "--contacts", "100", "--aht-seconds", "180", "--agents", "9")
    assert "infinite (under-staffed)" in capsys.readouterr().out


def test_the_command_names_a_bad_option():
    with pytest.raises(CommandError, match="--interval-minutes"):
        call_command("staffing", "--contacts", "100", "--aht-seconds", "180", "--interval-minutes", "0")
