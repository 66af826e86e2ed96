"""The numerical core of cnnviz: NumPy (and OpenCV) only; no Qt, no Keras."""
