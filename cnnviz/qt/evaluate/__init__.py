"""Evaluation page views."""
