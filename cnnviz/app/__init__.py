"""Thin wiring: builds state, workers and views and connects them."""
