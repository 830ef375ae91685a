"""Reason texts of decision tables (``table.*``), English and Russian."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "table.row_matched": (
        "Row {row} matched: {output}",
        "Сработала строка {row}: {output}",
    ),
    "table.no_match": (
        "No row matches these facts",
        "Ни одна строка таблицы не подходит к этим данным",
    ),
    "table.input_missing": (
        "{input} is unknown, so the table cannot decide",
        "{input}: значение неизвестно, таблица не может решить",
    ),
    "table.input_invalid": (
        "{input} = {value} is outside its declared domain",
        "{input} = {value}: значение вне допустимых",
    ),
}
