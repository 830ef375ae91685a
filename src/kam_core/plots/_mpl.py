"""matplotlib, imported when a picture is first drawn: figures of our own, no pyplot.

Every figure is a :class:`matplotlib.figure.Figure` built directly: no pyplot, no
global figure manager, no change to ``rcParams`` — a host's own matplotlib settings
and open figures are left alone, and figures can be drawn from several threads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kam_core.errors import KamError

if TYPE_CHECKING:  # pragma: no cover - matplotlib is an optional extra
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "GRID",
    "INK",
    "INSTALL",
    "PlotsUnavailableError",
    "new_figure",
    "require_matplotlib",
    "style",
]

INSTALL = "pip install 'kam_core[plots]'"
"""How to get the pictures' extra."""

INK = "#1f2937"
"""The colour of text and lines."""
GRID = "#d1d5db"
"""The colour of grid lines and frames."""


class PlotsUnavailableError(KamError, ImportError):
    """matplotlib is missing: :mod:`kam_core.plots` needs the optional extra ``kam_core[plots]``.

    >>> issubclass(PlotsUnavailableError, ImportError)
    True
    """


def require_matplotlib() -> None:
    """Import matplotlib, or raise :class:`PlotsUnavailableError` naming the extra.

    >>> require_matplotlib()  # the test environment has the extra
    """
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError as exc:
        raise PlotsUnavailableError(
            f"kam_core.plots draws with matplotlib, which is not installed: {INSTALL}"
        ) from exc


def new_figure(width: float = 7.5, height: float = 4.6) -> Figure:
    """An empty figure of our own (inches), laid out so that labels never overlap."""
    require_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def style(ax: Axes) -> None:
    """A plain look, set on the axes themselves: light frame, ticks and labels in ink."""
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=INK, labelsize=9)
    ax.title.set_color(INK)
    ax.xaxis.label.set_color(INK)
    ax.yaxis.label.set_color(INK)
