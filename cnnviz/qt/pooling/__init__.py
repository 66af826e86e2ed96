"""The Pooling Lab page."""
