"""Sources (a path, a stream, rows of dicts) as numbered rows of cells, one cell per field.

The header is row 1, as a spreadsheet shows it; each data row comes out as its number
and a list of stripped texts aligned with the reader's fields (``""`` for an empty or
absent cell), value maps applied.  Rows whose known cells are all empty are skipped
(they hold nothing to read).  Every problem is a :class:`~kam_core.errors.RowError`
naming the file and the row.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import chain
from operator import itemgetter
from typing import IO, Any

from kam_core.errors import FileEncodingError, ReadOptionError, RowError
from kam_core.io._options import Options

__all__ = ["Table", "decoding_error", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")
Numbered = tuple[int, list[str], RowError | None]
"""A data row: its number, its cells by field, and what is wrong with it as a row."""
_CHUNK = 1 << 16


def sniff_delimiter(header_line: str) -> str:
    """The separator a header line uses: the most frequent of ``,`` ``;`` and tab outside
    quotes; ``,`` on a tie or when there is none.

    >>> sniff_delimiter("id;client_id;amount"), sniff_delimiter('"a;b",c'), sniff_delimiter("id")
    (';', ',', ',')
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ","


def _name_of(source: object) -> str | None:
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _is_binary(stream: object) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


def _cell_text(value: object) -> str | None:
    """The text of a cell from a dict row; None when the value has no text form."""
    if value is None:
        return ""
    kind = type(value)
    if isinstance(value, str):
        return value
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is Decimal:
        return format(value, "f")
    if isinstance(value, date):  # a datetime too: a timestamp, read as timestamps are
        return value.isoformat()
    return None


class Table:
    """The rows of one source for one reader, read once.

    ``fields`` are the reader's columns, ``required`` those a header must have.
    After the header is read, :attr:`columns` holds the export's name of each field.
    """

    def __init__(
        self,
        source: object,
        fields: tuple[str, ...],
        required: tuple[str, ...],
        options: Options,
        *,
        header: Iterable[str] | None = None,
        first_row: int = 2,
    ) -> None:
        self.fields = fields
        self._known = frozenset(fields)
        self.required = required
        self.options = options
        self.first_row = first_row
        self.given_header = None if header is None else list(header)
        self.columns: list[str] = list(fields)
        """The export's column name of each field (the field's own name when absent)."""
        self.present: frozenset[str] = frozenset(fields)
        """The fields the source has a column for."""
        self._maps = [
            (fields.index(name), table) for name, table in options.values.items() if table
        ]
        self.source = source
        self.path: str | None = None
        self.file: str | None = None
        if isinstance(source, str | os.PathLike):
            self.path = os.fspath(source)
            self.file = self.path
        elif hasattr(source, "read"):
            self.file = _name_of(source)
        elif isinstance(source, bytes | bytearray | Mapping) or not isinstance(source, Iterable):
            raise ReadOptionError(
                "source",
                type(source).__name__,
                "read a path, an open text or binary stream, or an iterable of row dicts",
            )

    # -- errors -----------------------------------------------------------------------

    def error(
        self,
        row: int,
        field: str | None,
        value: object,
        message: str,
        code: str,
        hint: str = "",
    ) -> RowError:
        """A RowError naming this file, the row and the export's column of ``field``."""
        column = None if field is None else self.columns[self.fields.index(field)]
        return RowError(
            row, field, value, message, file=self.file, column=column, code=code, hint=hint
        )

    # -- the header -------------------------------------------------------------------

    def _field_of(self, name: str) -> tuple[str | None, bool]:
        """The field a column name reads into, and whether ``columns=`` renamed it."""
        key = name.strip().casefold()
        renamed = self.options.columns.get(key)
        if renamed is not None:
            return renamed, True
        return (key if key in self._known else None), False

    def _duplicate(self, row: int, field: str, first: object, second: object) -> RowError:
        return RowError(
            row,
            None,
            None,
            f"two columns for {field}: {first!r} and {second!r}",
            file=self.file,
            code="io.header.duplicate",
            hint="rename or drop one of them",
        )

    def _read_header(self, header: list[str]) -> list[int]:
        """Positions of each field in ``header`` (``len(header)`` for absent ones).

        A column renamed by ``columns=`` takes the place of a column with the field's
        own name; two columns for one field otherwise are an error.
        """
        width = len(header)
        where: dict[str, int] = {}
        explicit_for: dict[str, bool] = {}
        for position, name in enumerate(header):
            field, explicit = self._field_of(name)
            if field is None:
                continue
            if field in where:
                if explicit_for[field] == explicit:
                    raise self._duplicate(1, field, header[where[field]].strip(), name.strip())
                if not explicit:
                    continue
            where[field] = position
            explicit_for[field] = explicit
        if not any(h.strip() for h in header):
            raise RowError(
                1,
                None,
                None,
                "the header row is empty",
                file=self.file,
                code="io.header.empty",
                hint="the column names must be on row 1",
            )
        missing = [f for f in self.required if f not in where]
        if missing:
            unused = [h.strip() for h in header if h.strip() and self._field_of(h)[0] is None]
            near = sorted(
                {m for f in missing for m in difflib.get_close_matches(f, unused, n=2, cutoff=0.7)}
            )
            raise RowError(
                1,
                None,
                None,
                f"missing columns: {', '.join(missing)}",
                file=self.file,
                code="io.header.missing",
                hint=f"the export has {', '.join(map(repr, near))}: rename it" if near else "",
            )
        self.columns = [header[where[f]].strip() if f in where else f for f in self.fields]
        self.present = frozenset(where)
        return [where.get(f, width) for f in self.fields]

    # -- rows -------------------------------------------------------------------------

    def rows(self) -> Iterator[Numbered]:
        """Every data row, in order (the source is read here, once).

        A row that cannot be read as cells (more cells than the header, a cell that is
        not text) comes with its problem, so that a reader can leave out what it belongs
        to and go on; its cells are what could be read.
        """
        if self.path is not None:
            return self._path_rows(self.path)
        if hasattr(self.source, "read"):
            return self._stream_rows(self.source)
        return self._dict_rows(self.source)  # type: ignore[arg-type]

    def _path_rows(self, path: str) -> Iterator[Numbered]:
        with open(path, encoding=self.options.codec, newline="") as handle:
            try:
                yield from self._csv_rows(handle)
            except UnicodeError:  # UnicodeDecodeError, or a codec's own (UTF-16 without a BOM)
                raise self._encoding_error(path) from None

    def _stream_rows(self, stream: Any) -> Iterator[Numbered]:
        if not _is_binary(stream):
            try:
                yield from self._csv_rows(stream)
            except UnicodeError as exc:  # the caller's own decoding failed
                raise self._decode_error(exc) from None
            return
        start = stream.tell() if stream.seekable() else None
        text = io.TextIOWrapper(stream, encoding=self.options.codec, newline="")
        try:
            yield from self._csv_rows(text)
        except UnicodeError as exc:  # UnicodeDecodeError, or a codec's own (UTF-16, no BOM)
            error = self._decode_error(exc)
        else:
            return
        finally:
            text.detach()  # the caller's stream stays open
        if start is not None:  # read it again from where it began: the exact byte and row
            stream.seek(start)
            error = locate_decoding_error(
                stream, self.options.codec, self.options.encoding, self.file
            )
        raise error

    def _csv_rows(self, lines: IO[str] | Iterable[str]) -> Iterator[Numbered]:
        self._row_now = 0  # the last row read: the header is row 1
        it = iter(lines)
        first = next(it, None)
        if first is None:
            raise RowError(
                1,
                None,
                None,
                "the file is empty: no header row",
                file=self.file,
                code="io.file.empty",
            )
        delimiter = self.options.delimiter or sniff_delimiter(first)
        reader = csv.reader(chain((first,), it), delimiter=delimiter)
        try:
            header = next(reader)
            self._row_now = 1
            positions = self._read_header(header)
            yield from self._cells(reader, len(header), positions)
        except csv.Error as exc:
            raise RowError(
                self._row_now + 1,
                None,
                None,
                f"not a readable CSV row: {exc}",
                file=self.file,
                code="io.file.csv",
            ) from None

    def _cells(
        self, reader: Iterator[list[str]], width: int, positions: list[int]
    ) -> Iterator[Numbered]:
        pick = itemgetter(*positions)
        single = len(positions) == 1
        ordered = positions == list(range(width))
        strip = str.strip
        maps = self._maps
        pad = [""] * (width + 1)
        number = self.first_row - 1
        try:
            for row in reader:
                number += 1
                n = len(row)
                problem = None
                if n != width:
                    if not n:
                        continue  # a blank line
                    if n > width:
                        if any(c.strip() for c in row[width:]):
                            problem = self._too_many(number, n - width)
                        del row[width:]
                    row.extend(pad[: width - len(row)])
                if ordered:  # the header is the reader's own columns, in order
                    cells = list(map(strip, row))
                else:
                    row.append("")
                    cells = [pick(row).strip()] if single else list(map(strip, pick(row)))
                if maps:
                    for i, table in maps:
                        text = cells[i]
                        if text:
                            cells[i] = table.get(text.casefold(), text)
                if cells[0] or problem is not None or any(cells):
                    yield number, cells, problem
        finally:
            self._row_now = number  # where reading stood, for an error in the next row

    def _too_many(self, row: int, extra: int) -> RowError:
        return RowError(
            row,
            None,
            None,
            f"{extra} more cell(s) than the header has",
            file=self.file,
            code="io.row.too_many_cells",
            hint="a separator inside a cell needs quotes",
        )

    def _dict_rows(self, rows: Iterable[Any]) -> Iterator[Numbered]:
        fields = self.fields
        header = self.given_header
        if header is None:
            header = getattr(rows, "fieldnames", None)
        if header is not None:
            self._read_header([str(h) for h in header])
        resolved: dict[object, tuple[int, bool] | None] = {}
        maps = self._maps
        for number, row in enumerate(rows, start=self.first_row):
            self._row_now = number
            cells = [""] * len(fields)
            if not isinstance(row, Mapping):
                yield (
                    number,
                    cells,
                    RowError(
                        number,
                        None,
                        None,
                        f"expected a mapping of column to cell, got {type(row).__name__}",
                        file=self.file,
                        code="io.row.type",
                    ),
                )
                continue
            problem: RowError | None = None
            taken: dict[int, tuple[object, bool]] = {}
            for key, value in row.items():
                if key is None:  # csv.DictReader's cells beyond the header
                    if value and any(str(c).strip() for c in value) and problem is None:
                        problem = self._too_many(number, len(value))
                    continue
                if key not in resolved:
                    field, explicit = self._field_of(key) if isinstance(key, str) else (None, False)
                    resolved[key] = None if field is None else (fields.index(field), explicit)
                where = resolved[key]
                if where is None:
                    continue
                i, explicit = where
                if i in taken:
                    first, first_explicit = taken[i]
                    if first_explicit == explicit:
                        problem = problem or self._duplicate(number, fields[i], first, key)
                        continue
                    if not explicit:
                        continue  # the renamed column takes the place of this one
                taken[i] = (key, explicit)
                text = _cell_text(value)
                if text is None:
                    problem = problem or self.error(
                        number,
                        fields[i],
                        value,
                        f"a {type(value).__name__} is not a cell kam_core reads exactly"
                        + (" (floats cannot hold kopecks)" if isinstance(value, float) else ""),
                        "io.cell.type",
                        hint="give text, an integer, a Decimal or a date",
                    )
                    continue
                cells[i] = text.strip()
            if maps:
                for i, table in maps:
                    text = cells[i]
                    if text:
                        cells[i] = table.get(text.casefold(), text)
            if problem is not None or any(cells):
                yield number, cells, problem

    # -- decoding errors --------------------------------------------------------------

    _row_now = 0

    def _hint(self, first: bytes) -> str:
        return _hint(self.options.codec, first)

    def _decode_error(self, exc: UnicodeError) -> RowError:
        """A stream's decoding failed: the byte, and the row after the last one read.

        A stream is read ahead in chunks and cannot be read again, so the byte's offset
        in it is unknown; the row is the first not yet read.  A codec's own error (UTF-16
        without a byte-order mark) names no byte.
        """
        data, start, end = _bad_bytes(exc)
        no_bom = not data and codecs.lookup(self.options.codec).name == "utf-16"
        return FileEncodingError(
            self.file,
            self.options.encoding,
            offset=None,
            row=self._row_now + 1,
            byte=data[start:end],
            hint=_NO_BOM_HINT if no_bom else self._hint(data[:4] if start < 4 else b""),
            no_bom=no_bom,
        )

    def _encoding_error(self, path: str) -> RowError:
        return decoding_error(path, self.options.codec, self.options.encoding, self.file)


_NO_BOM_HINT = 'pass encoding="utf-16-le" (or "utf-16-be") for UTF-16 without one'


def _bad_bytes(exc: UnicodeError) -> tuple[bytes, int, int]:
    """The bytes a decoding error saw and where the bad ones are (none for a codec's own)."""
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        return bytes(exc.object), exc.start, exc.end
    return b"", 0, 0


def _hint(codec: str, first: bytes) -> str:
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return 'the file is UTF-16 (Excel\'s "Unicode text"): pass encoding="utf-16"'
    if codecs.lookup(codec).name in ("utf-8", "utf-8-sig"):
        return 'Russian Excel saves CSV as Windows-1251: pass encoding="cp1251"'
    return "pass the encoding the file was saved in"


def decoding_error(
    path: str, codec: str, encoding: str | None = None, file: str | None = None
) -> FileEncodingError:
    """Where ``path`` stops being ``codec`` text: the byte, its offset and its CSV row.

    Reads the file again (this runs on the error path only): bytes line by line through
    an incremental decoder, the decoded lines through a CSV reader counting its rows.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "deals.csv")
    ...     with open(path, "wb") as f:
    ...         _ = f.write("id,name\\n1,ООО Альфа\\n".encode("cp1251"))
    ...     err = decoding_error(path, "utf-8-sig", "utf-8", "deals.csv")
    >>> err.offset, err.row, err.hint
    (10, 2, 'Russian Excel saves CSV as Windows-1251: pass encoding="cp1251"')
    """
    with open(path, "rb") as raw:
        return locate_decoding_error(raw, codec, encoding, file)


def locate_decoding_error(
    raw: IO[bytes], codec: str, encoding: str | None = None, file: str | None = None
) -> FileEncodingError:
    """:func:`decoding_error` of a binary stream, from where it stands (offsets from there)."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0
    rows = 0
    pending = ""
    first = b""

    def lines(raw: IO[bytes]) -> Iterator[str]:
        nonlocal offset, pending, first
        for chunk in iter(lambda: raw.readline(_CHUNK), b""):
            if not first:
                first = chunk[:4]
            held = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk)
            except UnicodeError as exc:  # a codec's own error names no byte: the chunk's start
                data, start, end = _bad_bytes(exc)
                raise _Located(offset - held + start, data[start:end]) from None
            offset += len(chunk)
            pending += text
            *done, pending = pending.split("\n")
            for line in done:
                yield line + "\n"
        if pending:
            yield pending

    name = encoding or codec
    try:
        for _ in csv.reader(lines(raw)):
            rows += 1
    except _Located as located:
        no_bom = not located.bad and codecs.lookup(codec).name == "utf-16"
        return FileEncodingError(
            file,
            name,
            offset=located.offset,
            row=rows + 1,
            byte=located.bad,
            hint=_NO_BOM_HINT if no_bom else _hint(codec, first),
            no_bom=no_bom,
        )
    except csv.Error:  # pragma: no cover - the first pass read this far as CSV
        pass
    return FileEncodingError(  # pragma: no cover - the file decodes when read again
        file, name, offset=None, row=rows + 1, byte=b"", hint=_hint(codec, first)
    )


class _Located(Exception):
    def __init__(self, offset: int, bad: bytes) -> None:
        self.offset = offset
        self.bad = bad
