"""Amounts of money as readers write them: the language's digit grouping and decimal mark,
the currency's own number of decimals (ISO 4217 minor units), then its code.

"12000.00 USD" becomes "12,000.00 USD" in English, "12 000,00 USD" in French, "1,200,000 KRW"
in Korean (the won has no minor unit). The code rather than a symbol: "$" alone names a dozen
currencies, and a report read abroad must not leave the reader guessing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats

# ISO 4217 currencies whose minor unit is not two digits (the rest use two).
MINOR_UNITS = {
    **dict.fromkeys(
        ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
         "VND", "VUV", "XAF", "XOF", "XPF"),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}  # fmt: skip


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get((currency or "").strip().upper(), 2)


def amount(value: Any, currency: str = "") -> str:
    """The amount with grouped thousands and the currency's decimals, then its code; "" for
    no amount."""
    if value is None or value == "":
        return ""
    digits = minor_units(currency)
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = formats.number_format(rounded, digits, use_l10n=True, force_grouping=True)
    code = (currency or "").strip().upper()
    return f"{text}\N{NO-BREAK SPACE}{code}" if code else text
