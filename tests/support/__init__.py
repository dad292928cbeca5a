"""Helpers shared by the test modules: tests import helpers from here, never from a test."""
