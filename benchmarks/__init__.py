"""cnnviz's benchmark harness (``python -m benchmarks`` from a source checkout; not part of the installed package).

It measures the real application against its performance targets (see
``docs/performance.md``): pen stroke → every view drawn, the naive ``model.predict`` path
for comparison, Convolution Lab frames, cold start, memory and UI-thread blocks.

Not part of the installed package: it imports :mod:`cnnviz`, never the other way round,
and reaches the app only through its public objects and signals.
"""
