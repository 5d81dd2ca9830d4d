"""Helpers shared by the tests (never imported from a test file: tests import from here)."""
