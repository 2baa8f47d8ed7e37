"""One way to write pesos everywhere (pages, messages, reports): ₱ with separators,
centavos only when there are some."""

from decimal import Decimal, InvalidOperation

DASH = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money_text(value) -> str:
    """₱1,234,567 or ₱1,234,567.50: separators always, centavos only when there are some."""
    amount = _decimal(value)
    if amount is None:
        return DASH
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    whole = amount == amount.to_integral_value()
    return f"{sign}₱{amount:,.0f}" if whole else f"{sign}₱{amount:,.2f}"
