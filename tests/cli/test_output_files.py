"""--output: written whole or not at all, never over an input; --version; help in words."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import pytest

from tests.cli.cli_support import assert_one_line_error, run, run_in_process


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book")
    result = run("generate", "--clients", "30", "--seed", "5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_report_file_is_written_whole_and_nothing_else_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output writes the file and leaves no temporary file; stdout stays empty."""
    target = tmp_path / "report.txt"
    done = run_in_process(capsys, "demo", "--clients", "30", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert _names(tmp_path) == ["report.txt"]
    assert target.read_text(encoding="utf-8").startswith("Demo: a synthetic book of 30 clients")


def test_a_renderer_failing_midway_leaves_the_old_report_and_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renderer that raises after writing half leaves the previous file untouched."""
    from kam_core.cli import _formats

    target = tmp_path / "report.json"
    target.write_text("the previous report\n", encoding="utf-8")

    class Broken:
        binary = False

        def render(self, job: Any, out: IO[Any]) -> None:
            out.write('{"summary": ')
            raise RuntimeError("the renderer failed midway")

    monkeypatch.setitem(_formats.RENDERERS, "json", Broken())
    with pytest.raises(RuntimeError, match="midway"):
        run_in_process(
            capsys, "demo", "--clients", "5", "--format", "json", "--output", str(target)
        )
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert _names(tmp_path) == ["report.json"]


def test_ctrl_c_while_writing_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """KeyboardInterrupt mid-render: exit 130, no report, no temporary file."""
    from kam_core.cli import _formats

    class Interrupted:
        binary = False

        def render(self, job: Any, out: IO[Any]) -> None:
            out.write("client_id,name\n")
            raise KeyboardInterrupt

    monkeypatch.setitem(_formats.RENDERERS, "csv", Interrupted())
    target = tmp_path / "rows.csv"
    done = run_in_process(
        capsys, "demo", "--clients", "5", "--format", "csv", "--output", str(target)
    )
    assert done.returncode == 130
    assert "interrupted" in done.stderr
    assert _names(tmp_path) == []


@pytest.mark.parametrize("how", ["same path", "another path", "symbolic link", "hard link"])
def test_the_report_is_never_written_over_one_of_its_inputs(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """An --output that is an input, by any path or link, is refused before reading."""
    deals = book / "deals.csv"
    before = deals.read_bytes()
    if how == "same path":
        target = deals
    elif how == "another path":
        target = book / ".." / book.name / "deals.csv"
    else:
        target = tmp_path / "link.csv"
        if how == "symbolic link":
            target.symlink_to(deals)
        else:
            os.link(deals, target)
    done = run_in_process(capsys, "analyze", "--deals", str(deals), "--output", str(target))
    assert_one_line_error(done, "--output", "one of the inputs")
    assert done.returncode == 2
    assert deals.read_bytes() == before


def test_a_folder_that_cannot_take_the_report_is_an_io_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Writing into a missing folder is one line naming the file, exit code 3."""
    target = tmp_path / "no" / "such" / "folder" / "report.txt"
    done = run_in_process(capsys, "demo", "--clients", "3", "--output", str(target))
    assert_one_line_error(done, "report.txt", "cannot write")
    assert done.returncode == 3


def test_version_prints_the_version() -> None:
    """--version prints the program and its version, exit 0."""
    from kam_core import __version__

    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"kam_core {__version__}"


@pytest.mark.parametrize("command", [None, "demo", "analyze", "generate"])
def test_help_reads_well_in_english_and_russian(
    capsys: pytest.CaptureFixture[str], command: str | None
) -> None:
    """Every help page comes from the catalogue: options described, no Python names."""
    languages = (("en", "options:"), ("ru", "ключи:")) if command else (("en", "options:"),)
    for lang, options in languages:
        args = ["--help"] if command is None else [command, "--lang", lang, "--help"]
        done = run_in_process(capsys, *args)
        assert done.returncode == 0
        assert options in done.stdout
        assert "_" not in done.stdout.replace("--deals-per-client", "").replace(
            "--value-map", ""
        ).replace("kam_core", ""), done.stdout
        if lang == "ru" and command is not None:
            assert "показать эту справку и выйти" in done.stdout


def test_generate_leaves_no_temporary_files(tmp_path: Path) -> None:
    """generate writes its three files atomically: nothing else in the folder."""
    done = run("generate", "--clients", "4", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert _names(tmp_path) == ["clients.csv", "deals.csv", "leads.csv"]


def test_the_deals_file_is_opened_once(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --as-of the deals are still read in one pass: the file is opened once."""
    import builtins

    deals = str(book / "deals.csv")
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else "")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    done = run_in_process(capsys, "analyze", "--deals", deals, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert opened.count(deals) == 1
