"""Conformance runner: judges asl against executions recorded on real AWS (see README.md here)."""
