"""``--format json``: the report's data, ``report.to_dict()``, exact decimals as strings."""

from __future__ import annotations

import json
from typing import IO, Any

from kam_core.cli._formats._job import Job

__all__ = ["RENDERER"]


class _Json:
    binary = False

    def render(self, job: Job, out: IO[Any]) -> None:
        json.dump(job.report.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")


RENDERER = _Json()
"""The report's JSON."""
