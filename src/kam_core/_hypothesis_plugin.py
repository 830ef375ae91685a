"""Hypothesis entry point: registers kam_core strategies for ``st.from_type``.

Hypothesis calls this hook while it is itself being imported, possibly from
:mod:`kam_core.testing`; so the strategies are registered as deferred ones that
import :mod:`kam_core.testing` on first use.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    import importlib

    from hypothesis import strategies as st

    import kam_core as kc

    def later(name: str) -> st.SearchStrategy[object]:
        return st.deferred(lambda: getattr(importlib.import_module("kam_core.testing"), name)())

    for cls, name in (
        (kc.Money, "moneys"),
        (kc.Client, "clients"),
        (kc.Deal, "deals"),
        (kc.Lead, "leads"),
        (kc.BantFacts, "bant_facts"),
        (kc.ClientStats, "client_stats"),
    ):
        st.register_type_strategy(cls, later(name))
