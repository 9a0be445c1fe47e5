"""The README's quick start and .ci/run stay the same commands."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line.strip() for line in lines if line.startswith("    ")]


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert commands[0].endswith("measures demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
