"""The task of the CSV example: score one batch of orders.

Named by import path (``"handlers:score_batch"``), so Dask workers import it themselves;
the example puts this folder on ``sys.path`` before the workers start, and they inherit it.
"""
from __future__ import annotations

from typing import Any


def score_batch(event: dict[str, Any]) -> dict[str, Any]:
    """Totals of a batch of orders (CSV fields are strings): count, amount, orders over
    the batch's threshold, and the amount per country."""
    threshold = float(event["BatchInput"]["threshold"])
    amount = 0.0
    large = 0
    by_country: dict[str, float] = {}
    for row in event["Items"]:
        value = float(row["amount"])
        amount += value
        large += value >= threshold
        by_country[row["country"]] = round(by_country.get(row["country"], 0.0) + value, 2)
    return {"orders": len(event["Items"]), "amount": round(amount, 2), "large": large,
            "byCountry": dict(sorted(by_country.items()))}
