"""``python -m kam_core``: the command line, :func:`kam_core.cli.main`."""

from kam_core.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
