"""``--format table``: the report for a terminal — aligned columns, one heading per section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from kam_core.cli._formats._cells import cell_text
from kam_core.cli._formats._job import Job
from kam_core.cli._sections import Document, Explanation, Lines, Section, Table

__all__ = ["RENDERER", "lines_of", "table_lines"]


def table_lines(table: Table, lang: str) -> list[str]:
    """A table as aligned lines: headings, a rule, the rows; numbers to the right.

    >>> from kam_core.cli._sections import Column, Kind
    >>> t = Table((Column("segment"), Column("clients", Kind.COUNT)), (("A", 5), ("B", 12)))
    >>> print("\\n".join(table_lines(t, "en")))
    segment  clients
    -------  -------
    A              5
    B             12
    """
    headers = [c.heading for c in table.columns]
    cells = [[cell_text(v, lang) for v in row] for row in table.rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(value))
    right = [c.numeric for c in table.columns]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(widths[i]) if right[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in cells)]


def _section_lines(section: Section, lang: str, say: Any) -> list[str]:
    out = ["", f"== {section.title}"]
    for part in section.parts:
        if isinstance(part, Lines):
            out.extend(f"  {line}" for line in part.lines)
        elif isinstance(part, Table):
            out.extend(table_lines(part, lang))
            if part.hidden > 0:
                out.append(say("more", n=part.hidden))
        elif isinstance(part, Explanation):
            out.append("")
            out.extend(f"  {line}" for line in part.lines)
    return out


def lines_of(doc: Document) -> list[str]:
    """The whole report as lines: the title, the policy set, then each section."""
    out = [doc.title, doc.subtitle]
    for section in doc.sections:
        out.extend(_section_lines(section, doc.lang, doc.context.say))
    return out


class _Text:
    binary = False

    def render(self, job: Job, out: IO[Any]) -> None:
        for line in lines_of(job.document):
            out.write(line + "\n")


RENDERER = _Text()
"""The terminal report."""
