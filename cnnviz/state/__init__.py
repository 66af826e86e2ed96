"""Qt-free evented state (napari's evented models, glue's viewer state): plain Python
objects whose field changes emit events that carry the new value. Views and controllers
listen; nobody reaches back. No Qt, no Keras here."""
