"""The output formats: one renderer each, behind one small interface.

A renderer writes a :class:`Job` — the report, and the words to show it in — to an
open stream: text for ``table``, ``json``, ``csv`` and ``html``, bytes for ``xlsx``.
The formats for people (``table``, ``html``, ``xlsx``) render the same sections
(:mod:`kam_core.cli._sections`); ``json`` writes the report's data and ``csv`` its
per-client rows.
"""

from __future__ import annotations

from typing import IO, Any, Protocol

from kam_core.cli._formats import as_csv, as_html, as_json, as_text, as_xlsx
from kam_core.cli._formats._job import Job

__all__ = ["RENDERERS", "Job", "Renderer"]


class Renderer(Protocol):
    """Writes a job in one format."""

    @property
    def binary(self) -> bool:
        """Whether the stream takes bytes (else text)."""
        ...

    def render(self, job: Job, out: IO[Any]) -> None:
        """Write the whole output of ``job`` to ``out``."""
        ...


RENDERERS: dict[str, Renderer] = {
    "table": as_text.RENDERER,
    "json": as_json.RENDERER,
    "csv": as_csv.RENDERER,
    "html": as_html.RENDERER,
    "xlsx": as_xlsx.RENDERER,
}
"""Every ``--format``, by name."""
