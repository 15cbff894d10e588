"""Drivers carry out the core's commands: a virtual clock (local), asyncio, durable."""
