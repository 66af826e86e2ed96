"""The model page: open your own Keras model, see its summary, name its classes."""
