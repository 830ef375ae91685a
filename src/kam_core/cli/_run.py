"""What ``demo`` and ``analyze`` share: a report written in the format asked, where asked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kam_core import DealStatus, Report
from kam_core.cli._common import EXIT_OK
from kam_core.cli._formats import RENDERERS, Job
from kam_core.cli._output import check_not_input, output_stream
from kam_core.cli._sections import Context
from kam_core.policies import PolicySet

__all__ = ["check_output", "write_report"]


def check_output(args: Any, inputs: Iterable[str | None], lang: str) -> None:
    """Refuse, before anything is read, an ``--output`` that is one of the inputs."""
    check_not_input(args.output, inputs, lang)


def write_report(
    args: Any,
    report: Report,
    policies: PolicySet,
    lang: str,
    *,
    title: str,
    deal_counts: Mapping[DealStatus, int] | None = None,
    funnel_note: str | None = None,
) -> int:
    """Render ``report`` in ``args.format`` to ``args.output`` (atomically) or stdout."""
    renderer = RENDERERS[args.format]
    context = Context(report, policies, lang, title, deal_counts, funnel_note)
    job = Job(context, for_people=args.lang is not None)
    with output_stream(args.output, binary=renderer.binary, lang=lang) as out:
        renderer.render(job, out)
    return EXIT_OK
