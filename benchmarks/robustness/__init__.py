"""A held-out "digits from anyone" robustness set for the bundled digit model.

The bundled model scores ~99.5 % on MNIST's own test set but much less on digits from
writers outside MNIST (small scans, upscaled, dark ink on white paper, …). This package
makes a proxy for those digits WITHOUT MNIST — nothing here reads MNIST, and the set must
never be used for training — and measures a model on it exactly the way
``cnnviz predict`` classifies image files:

* :mod:`.fonts` — digits rendered with Qt from the fonts installed on the machine,
  then degraded to look scanned or photographed (:mod:`.degrade`);
* :mod:`.strokes` — digits drawn through the app's real :class:`DrawingCanvas` with
  scripted mouse strokes (the app's templates plus alternative shapes, :mod:`.shapes`);
* :mod:`.make_set` — ``python -m benchmarks.robustness.make_set --out DIR`` writes the
  PNG files and ``labels.csv``;
* :mod:`.evaluate` — ``python -m benchmarks.robustness.evaluate DIR`` reports accuracy
  overall, per source, per class and the most common confusions;
* :mod:`.sheet` — a contact sheet of samples, to look at what was made.

Outside the product: it imports :mod:`cnnviz`, never the other way round.
"""
