"""The Keras layer: loading, activations, training and evaluation. Never imports Qt."""
