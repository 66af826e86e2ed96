"""The image filter page."""
