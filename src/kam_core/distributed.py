"""The whole-book analysis on a Dask cluster, over a book written as parquet files.

Install the extra: ``pip install "kam_core[distributed]"`` (and ``kam_core[polars]``).
``dask.distributed`` and polars are imported when :func:`analyze` runs, never at
``import kam_core``.

:func:`analyze` returns the report :func:`kam_core.frames.analyze` returns for the same
files read one after another — the same labels, KPIs, summary and rows, and with
``errors="collect"`` the same rejects — with the reading, the validation and the
per-client aggregation on the cluster's workers.  See ``docs/distributed.md``.
"""

from kam_core.frames._distributed import DistributedUnavailableError, analyze, parquet_files

__all__ = ["DistributedUnavailableError", "analyze", "parquet_files"]
