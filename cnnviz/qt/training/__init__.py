"""Live training page views."""
