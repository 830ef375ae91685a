"""The whole-book analysis on polars frames: the same :class:`~kam_core.Report`.

Install the extra: ``pip install "kam_core[polars]"``.  polars (and pandas, for pandas
input) are imported when a function runs, never at ``import kam_core``.

:func:`analyze` takes the deals as a polars ``DataFrame`` or ``LazyFrame`` (or a pandas
``DataFrame``, converted with ``pl.from_pandas``) with the documented CSV column names
(:data:`kam_core.io.DEAL_COLUMNS`, see ``docs/cli.md``): one row per deal line,
the deal's own columns repeated on each of its lines (a deal without lines is one row
with an empty ``product_id``).  The per-deal work — keeping won deals closed on or
before ``as_of``, aggregating each client's orders and KPIs — and the built-in
segmentations run in polars (:func:`labels`); the report is written over that table
(a :class:`~kam_core.analysis.ReportStore` whose labels are columns) and reads its
summary from it.  Its rows are built when first read: one
:class:`~kam_core.ClientStats` per client from the aggregated columns
(:func:`client_stats`), then the policies run exactly as :func:`kam_core.analyze` runs
them (the same :class:`~kam_core.analysis.AnalysisPlan`), so labels and numbers are
identical.

Columns
-------
- ids (``id``, ``client_id``, ``product_id``, ``category``, ``referred_by``): any type,
  read as strings; ``status`` as text, case-insensitive;
- dates: ``Date`` (or ``Datetime``, truncated to the day) or ``YYYY-MM-DD`` strings;
- money and quantities (``amount``, ``margin``, ``unit_price``, ``quantity``): polars
  ``Decimal`` or integers, or decimal strings (``1250.50``; spaces and a decimal comma
  are accepted).  Floats are refused: they are not exact.  A decimal column has one
  scale, so amounts come back with the column's number of decimals (``10`` in a column
  of cents reads as ``10.00``); numbers are equal either way.
- ``currency``: ISO codes; absent or empty cells take ``currency=``.

Rows are read by the rules of :func:`kam_core.io.read_deals` — the same checks, the
same :class:`~kam_core.errors.RowError` naming row (as in the CSV: the header is row 1),
column and value, the same reason codes, ``errors="raise"`` or ``"collect"``.  A screen
in polars finds whether every row is *plainly* valid (plain digits, a lower-case status
other than ``returned``, ISO dates in order, one known currency, each deal's rows
consecutive and alike, lines complete); such a frame is analysed in polars without a
per-row Python cost.  Any other frame — one suspect row, a return, a decimal comma — is
read row by row by ``read_deals``; the deals it accepts go back to polars written
plainly, or, with a return, are analysed as :func:`kam_core.analyze` analyses them:
the same report and rejects.  A frame without ``opened_on`` opens each deal on its
``closed_on`` (else its ``due_on``/``paid_on``, else ``as_of``).  See ``docs/frames.md``.
"""

from kam_core.frames._columns import FramesUnavailableError
from kam_core.frames._labels import labels
from kam_core.frames._report import Analyzed, analyze
from kam_core.frames._stats import client_stats

__all__ = ["Analyzed", "FramesUnavailableError", "analyze", "client_stats", "labels"]
