"""Tests of the reusable widgets."""
