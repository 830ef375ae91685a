"""An explicit, opt-in pause of the cyclic garbage collector around one batch.

kam_core never changes process-wide state on its own: :func:`~kam_core.analyze` and
:func:`kam_core.frames.analyze` pause the collector only when their caller passes
``pause_gc=True``.  The pause covers the calling thread's batch but the collector is
process-wide, so every thread of the process runs without cyclic collection meanwhile;
reference counting still frees everything the analysis builds (it builds no cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(pause: bool) -> Iterator[None]:
    """Disable the cyclic collector for the block when ``pause`` is true; restore it after.

    The collector's state is restored as found: a caller that had disabled it keeps it
    disabled.

    >>> import gc
    >>> with collector_paused(True):
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    >>> with collector_paused(False):
    ...     gc.isenabled()
    True
    """
    if not pause:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
