"""A progress line on stderr, drawn only when stderr is a terminal (never in pipes or logs)."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 25


class Progress:
    """``label [#####    ]  40%`` redrawn in place as work advances towards ``total``.

    Nothing is written unless ``enabled`` (default: stderr is a terminal).

    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progress("deals.csv", 200, enabled=True, stream=out)
    >>> bar.update(100); bar.close()
    >>> out.getvalue().split("\\r")[1:]
    ['deals.csv [############             ]  50%', 'deals.csv [#########################] 100%\\n']
    """

    def __init__(
        self,
        label: str,
        total: int,
        *,
        enabled: bool | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.label = label
        self.total = max(total, 1)
        self.stream = sys.stderr if stream is None else stream
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.shown = -1

    def advance(self, step: int) -> None:
        """``step`` more units of work done."""
        self.update(self.done + step)

    def update(self, done: int) -> None:
        """``done`` units of work done so far."""
        self.done = done
        if not self.enabled:
            return
        percent = min(99, self.done * 100 // self.total)
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent * _WIDTH // 100)
            self.stream.write(f"\r{self.label} [{bar:<{_WIDTH}}] {percent:3d}%")
            self.stream.flush()

    def close(self) -> None:
        """The work is done: draw 100 % and end the line."""
        if self.enabled and self.shown >= 0:
            self.stream.write(f"\r{self.label} [{'#' * _WIDTH}] 100%\n")
            self.stream.flush()
            self.shown = -1
