"""The pure interpreter: compiled plans, frames, state runners and the scheduler."""
