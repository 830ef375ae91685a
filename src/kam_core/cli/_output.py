"""Where a command's output goes: standard output, or a file replaced atomically.

A file is written under a temporary name in its own folder and renamed into place
(:func:`os.replace`) only when the whole output is written: a reader never sees half a
report, an interrupted or failed run leaves the previous file (if any) as it was and no
temporary file behind, and an output that is one of the run's inputs is refused before
anything is read.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from kam_core.cli._common import EXIT_IO, EXIT_USAGE, Failure, say

__all__ = ["atomic_file", "check_not_input", "output_stream"]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):  # the same inode: a hard link, a symlink, another path
            return True
    except OSError:  # one of them does not exist (yet)
        pass
    return a.resolve() == b.resolve()


def check_not_input(output: str | None, inputs: Iterable[str | None], lang: str) -> None:
    """Refuse to write the report over one of the files it is made from.

    >>> check_not_input("report.html", ["deals.csv", None], "en")
    >>> check_not_input("./deals.csv", ["deals.csv"], "en")
    Traceback (most recent call last):
    ...
    kam_core.cli._common.Failure: --output ./deals.csv: it is one of the inputs (deals.csv); \
write the report to another file
    """
    if output is None:
        return
    target = Path(output)
    for given in inputs:
        if given is not None and _same_file(target, Path(given)):
            raise Failure(say("error.output_is_input", lang, file=output, input=given), EXIT_USAGE)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write ``path`` through: a temporary sibling renamed over ``path`` on success.

    On any exception — a failed renderer, Ctrl-C — the temporary file is removed and
    ``path`` is left as it was.  The file gets the usual permissions (the process's umask
    applies); text is UTF-8 with the lines as written (no newline translation).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_file(folder / "out.txt") as out:
    ...     _ = out.write("done\\n")
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done\\n', ['out.txt'])
    >>> with atomic_file(folder / "out.txt") as out:
    ...     _ = out.write("half")
    ...     raise RuntimeError("the renderer failed midway")
    Traceback (most recent call last):
    ...
    RuntimeError: the renderer failed midway
    >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done\\n', ['out.txt'])
    """
    target = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            fd = os.open(temporary, flags, 0o666)
        except FileExistsError:  # pragma: no cover - a 48-bit random name taken
            continue
        break
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def output_stream(path: str | None, *, binary: bool, lang: str) -> Iterator[IO[Any]]:
    """Standard output (``path`` None) or :func:`atomic_file` of ``path``.

    A binary format is never written to a terminal; a folder that cannot take the file
    is an I/O failure naming it.
    """
    if path is None:
        if binary:
            if sys.stdout.isatty():
                raise Failure(say("error.binary_to_terminal", lang), EXIT_USAGE)
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    try:
        with atomic_file(path, binary=binary) as handle:
            yield handle
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # pragma: no cover - files have no pipes
            raise
        reason = exc.strerror or str(exc)
        raise Failure(say("error.cannot_write", lang, file=path, reason=reason), EXIT_IO) from None
