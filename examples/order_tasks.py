"""Python stand-ins for the Lambda functions of ``order.asl.json``.

``asl run examples/order.asl.json --tasks examples/order_tasks.py`` calls these instead of
AWS Lambda: ``TASKS`` maps each function name (the last part of its ARN) to a callable
taking the task's input and, optionally, a ``TaskContext``.
"""
from __future__ import annotations

import hashlib

from asl import TaskFailed

PRICES = {"BOOK-1": 12.5, "MUG-7": 8.0, "LAMP-3": 49.9, "DESK-9": 1290.0}


def validate_order(order: dict) -> dict:
    items = order["order"]["lineItems"]
    unknown = [item["sku"] for item in items if item["sku"] not in PRICES]
    if unknown:
        raise TaskFailed("InvalidOrder", f"unknown SKUs: {', '.join(unknown)}")
    total = round(sum(PRICES[item["sku"]] * item["quantity"] for item in items), 2)
    return {"valid": True, "total": total}


def charge_payment(request: dict) -> dict:
    if request["amount"] > 5000:
        raise TaskFailed("PaymentDeclined", "amount above the card limit")
    charge_id = hashlib.sha256(request["idempotencyKey"].encode()).hexdigest()[:12]
    return {"chargeId": f"ch_{charge_id}", "amount": request["amount"], "currency": request["currency"]}


def reserve_stock(item: dict) -> dict:
    return {"sku": item["sku"], "reserved": item["quantity"]}


def ship_order(order: dict) -> dict:
    return {"carrier": "DHL", "tracking": f"TRK-{order['order']['id']}"}


def send_confirmation(order: dict, context) -> dict:
    return {"sentTo": order["order"]["customer"]["email"], "execution": context.context["Execution"]["Name"]}


def refund_payment(request: dict) -> dict:
    return {"refunded": request.get("payment") is not None}


TASKS = {
    "validate-order": validate_order,
    "charge-payment": charge_payment,
    "reserve-stock": reserve_stock,
    "ship-order": ship_order,
    "send-confirmation": send_confirmation,
    "refund-payment": refund_payment,
}
