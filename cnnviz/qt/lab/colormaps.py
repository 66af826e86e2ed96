"""The grid colour maps now live in :mod:`cnnviz.core.colormaps` (NumPy only); this name
stays for the views that import it from here."""
from cnnviz.core.colormaps import DIVERGING, SEQUENTIAL, apply, auto_levels, text_color_is_dark  # noqa: F401
