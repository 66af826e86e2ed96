"""Named architectures build with the promised layers and shapes; specs are validated."""
from __future__ import annotations

import pytest

from cnnviz.inference.architectures import (
    ARCHITECTURES, SpecError, build_architecture, build_from_spec, count_spec_parameters,
    get_architecture, normalize_spec, spec_summary,
)


def _shapes(model):
    return {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}


def test_textbook_is_exactly_the_course_cnn():
    m = build_architecture("textbook")
    assert [type(layer).__name__ for layer in m.layers] == [
        "InputLayer", "Conv2D", "Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense", "Dropout", "Dense"]
    s = _shapes(m)
    assert s["conv1"] == (26, 26, 32) and s["conv2"] == (24, 24, 64) and s["pool1"] == (12, 12, 64)
    assert s["flatten"] == (9216,) and s["dense1"] == (128,) and s["output"] == (10,)
    assert m.get_layer("dropout1").rate == 0.25 and m.get_layer("dropout2").rate == 0.5
    assert m.get_layer("output").activation.__name__ == "softmax"
    # The textbook's model.summary(): 320 + 18,496 + 1,179,776 + 1,290 parameters.
    assert m.count_params() == 1_199_882 == count_spec_parameters(ARCHITECTURES["textbook"].spec)


def test_cnnviz_mnist_keeps_32_then_64_filters_of_3x3():
    m = build_architecture("cnnviz_mnist")
    convs = [layer for layer in m.layers if type(layer).__name__ == "Conv2D"]
    assert [(c.name, c.filters, tuple(c.kernel_size)) for c in convs][:2] == [("conv1", 32, (3, 3)), ("conv2", 64, (3, 3))]
    s = _shapes(m)
    assert s["input"] == (28, 28, 1)
    assert s["conv1"] == (28, 28, 32) and s["pool1"] == (14, 14, 32)
    assert s["conv2"] == (14, 14, 64) and s["pool2"] == (7, 7, 64)
    assert s["conv3"] == (5, 5, 128)
    assert m.count_params() == count_spec_parameters(ARCHITECTURES["cnnviz_mnist"].spec) < 600_000


def test_fashion_arch_builds_and_counts_match():
    m = build_architecture("cnnviz_fashion")
    assert _shapes(m)["output"] == (10,)
    assert m.count_params() == count_spec_parameters(ARCHITECTURES["cnnviz_fashion"].spec)
    assert get_architecture("CNNVIZ-FASHION").dataset == "fashion_mnist"
    with pytest.raises(SpecError, match="unknown architecture 'resnet'"):
        get_architecture("resnet")


def test_spec_builder_names_layers_and_inserts_flatten():
    spec = [{"type": "conv", "filters": 8, "kernel": 5, "padding": "same"}, {"type": "pool"},
            {"type": "batchnorm"}, {"type": "dense", "units": 16}]
    m = build_from_spec(spec, 3)
    assert [layer.name for layer in m.layers] == ["input", "conv1", "pool1", "bn1", "flatten", "dense1", "output"]
    assert _shapes(m)["flatten"] == (14 * 14 * 8,) and _shapes(m)["output"] == (3,)
    assert m.count_params() == count_spec_parameters(spec, 3)
    assert spec_summary(spec).splitlines()[0] == "Conv2D 8 5×5 relu padding=same"


@pytest.mark.parametrize("spec, message", [
    ([{"type": "convolution"}], "layer 1: unknown type 'convolution'"),
    ([{"type": "conv", "filters": 0}], r"layer 1 \(conv\): filters must be a whole number from 1 to 1024, got 0"),
    ([{"type": "conv", "filters": "many"}], "filters must be a whole number, got 'many'"),
    ([{"type": "conv", "kernel": 3}] * 14, r"layer 14 \(conv\): a 3×3 kernel does not fit the 2×2 input"),
    ([{"type": "pool", "size": 2}] * 5, r"layer 5 \(pool\): a 2×2 pool does not fit the 1×1 input"),
    ([{"type": "dropout", "rate": 1.0}], "rate must be at least 0 and below 1, got 1.0"),
    ([{"type": "flatten"}, {"type": "conv"}], r"layer 2 \(conv\): comes after flatten/dense"),
    ([{"type": "conv", "padding": "full"}], "padding must be 'valid' or 'same'"),
    ([{"type": "dense", "activation": "magic"}], "activation must be one of"),
    ("conv", "a layer stack must be a list"),
])
def test_bad_specs_are_named(spec, message):
    with pytest.raises(SpecError, match=message):
        normalize_spec(spec)


def test_architecture_spec_is_an_editable_copy():
    a = get_architecture("textbook")
    spec = a.layer_spec()
    spec[0]["filters"] = 1
    assert a.spec[0]["filters"] == 32
