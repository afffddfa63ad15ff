"""Scenario files, the runner, assertions and acceptance reports."""
