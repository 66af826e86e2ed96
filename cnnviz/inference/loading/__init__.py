"""Open Keras model files safely: ``load_model(path, *, trusted=False) -> LoadedModel``.

Model files are untrusted input. Nothing in a file may run code: the file is scanned
before it is deserialised (known Keras layer classes only, no Lambda layers, no HDF5
links to other files), legacy configs are rewritten on a temporary copy so old Keras 1/2
files load with their weights unchanged, and untrusted files are deserialised in a
separate, resource-limited process that re-saves a clean ``.keras`` file.
"""
from __future__ import annotations

from cnnviz.inference.loading.api import load_model
from cnnviz.inference.loading.errors import ModelLoadError, WeightsOnlyError
from cnnviz.inference.loading.result import LoadedModel
from cnnviz.inference.loading.weights import bundled_architectures, describe_weights, load_weights_into

__all__ = ["LoadedModel", "ModelLoadError", "WeightsOnlyError", "bundled_architectures",
           "describe_weights", "load_model", "load_weights_into"]
