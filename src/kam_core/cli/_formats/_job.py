"""What a renderer is given: the report, its context (language, title) and its sections."""

from __future__ import annotations

import functools

from kam_core import Report
from kam_core.cli._sections import Context, Document, document

__all__ = ["Job"]


class Job:
    """A report to write.  ``for_people`` is True when a language was asked for (``--lang``):
    the CSV is then a spreadsheet in that language rather than the data contract."""

    def __init__(self, context: Context, *, for_people: bool) -> None:
        self.context = context
        self.for_people = for_people

    @property
    def report(self) -> Report:
        """The report."""
        return self.context.report

    @property
    def lang(self) -> str:
        """The language of every word shown."""
        return self.context.lang

    @functools.cached_property
    def document(self) -> Document:
        """The report's sections (built on first use)."""
        return document(self.context)
