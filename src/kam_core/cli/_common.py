"""What every command shares: exit codes, the one-line failure, the command line's words."""

from __future__ import annotations

from kam_core._words import text, words

__all__ = [
    "EXIT_DATA",
    "EXIT_INTERRUPTED",
    "EXIT_IO",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRAM",
    "Failure",
    "has_text",
    "one_line",
    "say",
]

EXIT_OK = 0
EXIT_DATA = 1
"""A file was read but its content is invalid (a bad row, bad JSON, mixed currencies)."""
EXIT_USAGE = 2
"""Bad command-line arguments."""
EXIT_IO = 3
"""A file could not be read or written."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C), as shells report it."""

PROGRAM = "kam_core"
"""The name messages start with (``kam_core: error: ...``)."""


class Failure(Exception):
    """A problem to report as one line with an exit code (never a traceback).

    >>> Failure("deals.csv: cannot read", EXIT_IO).code
    3
    """

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def say(key: str, lang: str, /, **params: object) -> str:
    """The command line's phrase ``key`` in ``lang``: ``[text] cli.<key>`` of the catalogue.

    ``program`` (the name messages start with) is filled in when the phrase asks for it.

    >>> say("total", "ru"), say("error.prefix", "en", message="bad")
    ('всего', 'kam_core: error: bad')
    """
    params.setdefault("program", PROGRAM)
    return text(f"cli.{key}", lang, **params)


def has_text(key: str, lang: str) -> bool:
    """Whether the catalogue has the command line's phrase ``key``.

    >>> has_text("hint.io.file.encoding", "en"), has_text("hint.io.no_such_code", "en")
    (True, False)
    """
    return words(lang).template("text", f"cli.{key}") is not None


def one_line(message: object) -> str:
    """Lines joined with "; " (a line ending in ":" introduces the next with a space).

    >>> one_line("invalid policy configuration (1 problem):\\n  cutoffs: too high")
    'invalid policy configuration (1 problem): cutoffs: too high'
    """
    out = ""
    for part in (p.strip() for p in str(message).splitlines()):
        if part:
            out += (" " if out.endswith(":") else "; " if out else "") + part
    return out
