"""The command line, ``python -m kam_core`` (or ``kam-core``): thin rooms over the library.

:func:`main` parses the arguments (:mod:`kam_core.cli._parser`) and hands the work to
one module per command — ``demo``, ``analyze``, ``generate`` —, which read their files
through :mod:`kam_core.io` only, analyse with :func:`kam_core.analyze` and write the
report through one renderer per format over the same sections
(:mod:`kam_core.cli._formats`, :mod:`kam_core.cli._sections`).  Every word it prints —
headings, columns, help, errors — comes from the catalogue of words.  A problem is one
line on stderr naming the file, the row and the column, with a non-zero exit code; the
codes and every flag are in ``docs/cli.md``.

>>> main(["--version"])  # doctest: +ELLIPSIS
kam_core ...
0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from kam_core.cli import _analyze, _backtest, _demo, _generate
from kam_core.cli._common import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    PROGRAM,
    Failure,
    one_line,
    say,
)
from kam_core.cli._parser import build_parser, language_of
from kam_core.errors import KamError

__all__ = ["main"]

_COMMANDS = {
    "demo": _demo.run,
    "analyze": _analyze.run,
    "generate": _generate.run,
    "backtest": _backtest.run,
}


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); the exit code.

    ``prog`` is the name help and errors use (default ``python -m kam_core``).
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if prog is None:
        script = Path(sys.argv[0]).name if argv is None and sys.argv else ""
        prog = "kam-core" if script == "kam-core" else f"python -m {PROGRAM}"
    lang = language_of(args_list)
    try:
        parser = build_parser(lang, prog, _COMMANDS)
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exc:  # --help and --version print and stop
            return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_OK
        return int(args.run(args))
    except Failure as exc:
        sys.stderr.write(say("error.prefix", lang, message=one_line(exc)) + "\n")
        return exc.code
    except (KamError, ValidationError, ValueError) as exc:
        sys.stderr.write(say("error.prefix", lang, message=one_line(exc)) + "\n")
        return EXIT_DATA
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\n" + say("interrupted", lang) + "\n")
        return EXIT_INTERRUPTED
