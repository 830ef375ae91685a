"""What ``errors="collect"`` returns: the good entities and a record of every row left out."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

import attrs

from kam_core.errors import RowError

__all__ = ["ReadResult", "Rejected"]

_E = TypeVar("_E")


@attrs.frozen
class Rejected:
    """One entity left out of a read, with the rows it spanned and why.

    ``row`` is where the problem is (the header is row 1), ``rows`` every row the
    entity took (a deal of three lines takes three: none of them is read), ``column``
    the export's own column name and ``field`` the kam_core field it maps to; ``code``
    is a stable reason code (``docs/io.md`` lists them) and ``message`` says it for a
    person, with ``hint`` saying how to read the row.  ``id`` is the entity's id when
    the row has one.

    >>> from kam_core.errors import RowError
    >>> err = RowError(3, "amount", "1,250", "ambiguous", file="deals.csv",
    ...                code="io.amount.ambiguous", column="Сумма")
    >>> r = Rejected.of(err, rows=(3, 4), id="D-1")
    >>> r.row, r.rows, r.column, r.field, r.code, r.id
    (3, (3, 4), 'Сумма', 'amount', 'io.amount.ambiguous', 'D-1')
    >>> r.to_dict()["message"]
    "deals.csv: row 3, column 'Сумма' (amount): '1,250': ambiguous"
    """

    file: str | None
    row: int
    rows: tuple[int, ...]
    column: str | None
    field: str | None
    value: str | None
    code: str
    message: str
    hint: str = ""
    id: str | None = None

    @classmethod
    def of(cls, error: RowError, *, rows: tuple[int, ...] = (), id: str | None = None) -> Rejected:
        """The record of ``error``, for an entity that took ``rows`` (default: its row)."""
        value = error.value
        return cls(
            file=error.file,
            row=error.row,
            rows=rows or (error.row,),
            column=error.column,
            field=error.field,
            value=None if value is None else str(value),
            code=error.code,
            message=str(error),
            hint=error.hint,
            id=id,
        )

    def to_dict(self) -> dict[str, object]:
        """The record as a JSON-safe dict (rows as a list), e.g. for a rejects table."""
        return {
            "file": self.file,
            "row": self.row,
            "rows": list(self.rows),
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "id": self.id,
        }


class ReadResult(NamedTuple, Generic[_E]):
    """``(good, rejected)``: the entities read and the record of each one left out.

    A tuple, so ``good, rejected = read_deals(path, errors="collect")`` unpacks it.
    Both are in file order; every data row of the file is either in an entity of
    ``good`` or in the ``rows`` of a record of ``rejected`` (blank rows aside).

    >>> result = ReadResult(good=(), rejected=())
    >>> good, rejected = result
    >>> result.ok
    True
    """

    good: tuple[_E, ...]
    rejected: tuple[Rejected, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was left out."""
        return not self.rejected
