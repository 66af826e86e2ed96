"""The Qt layer: the only package that imports PySide6 and pyqtgraph."""
from cnnviz.qt.import_scan import use_byte_scan as _use_byte_scan

_use_byte_scan()  # before anything else imports Keras/TensorFlow into a PySide6 process
