"""Money.from_dict's fast path for the common two-key form validates like the slow one."""

from __future__ import annotations

import pytest

from kam_core import Money
from kam_core.errors import MoneyError


def test_common_json_money_still_refuses_floats_and_unknown_currencies() -> None:
    """{"amount", "currency"} dicts take the fast path but keep every check."""
    assert Money.from_dict({"amount": "10.50", "currency": "RUB"}) == Money("10.50", "RUB")
    with pytest.raises(MoneyError, match="float"):
        Money.from_dict({"amount": 0.1, "currency": "RUB"})
    with pytest.raises(MoneyError, match="unknown ISO 4217"):
        Money.from_dict({"amount": "1", "currency": "RUR"})
    with pytest.raises(MoneyError, match="unknown keys"):
        Money.from_dict({"amount": "1", "currency": "RUB", "note": "x"})
    with pytest.raises(MoneyError, match="missing keys"):
        Money.from_dict({"amount": "1"})
