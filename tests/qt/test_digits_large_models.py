"""Large models stay responsive: a layer shows its first MAPS_SHOWN maps (a button shows
the rest), and the pixel buffers of panels out of sight are not even made."""
from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tests.conftest import fixture_model  # noqa: E402
from tests.qt.test_digits_page import assert_draws, one, settle, use_model, window  # noqa: E402,F401


def wide_model(layers: int = 36):
    """Many wide layers (no training): 1×1 convolutions of 96 … 1,280 channels on 7×7."""
    keras.utils.set_random_seed(5)
    inp = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(96, 4, strides=4, name="stem")(inp)
    for i in range(layers):
        x = keras.layers.Conv2D(1280 if i == layers - 1 else 96 + 8 * i, 1, activation="relu", name=f"block_{i}_pointwise")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, keras.layers.Dense(10, activation="softmax", name="out")(x))


def test_wide_layers_show_their_first_maps_and_the_rest_on_request(qtbot, window):
    from cnnviz.qt.digits.panels import MAPS_SHOWN

    ctl = use_model(qtbot, window, wide_model())
    page = ctl.page
    one(ctl.canvas)
    settle(qtbot, ctl)
    qtbot.wait(100)
    maps_panels = [p for p in page.panels if p.info.is_map]
    assert len(maps_panels) > 30
    for p in maps_panels:
        assert p.view.layout.channels == min(p.info.shape[2], MAPS_SHOWN)
        assert (p.more_button is not None) == (p.info.shape[2] > MAPS_SHOWN)
    visible = page._visible_rect()
    in_sight = [p for p in maps_panels if p.geometry().intersects(visible)]
    out_of_sight = [p for p in maps_panels if not p.geometry().intersects(visible)]
    assert in_sight and out_of_sight
    for p in in_sight:  # drawn: the newest maps of the first channels
        i = ctl.session.layer_index(p.info.name)
        assert_draws(p.view, ctl.result.maps[i][:, :, :MAPS_SHOWN])
    for p in out_of_sight:  # nothing made or drawn for them
        assert p.view.qimage() is None and p.pending is not None

    last = maps_panels[-1]
    assert last.info.shape[2] == 1280 and last.more_button.text() == "+1216 more"
    page.scroll.ensureWidgetVisible(last)
    qtbot.waitUntil(lambda: last.view.qimage() is not None)
    last.more_button.click()                       # the rest of the maps
    assert last.view.layout.channels == 1280 and last.more_button.text() == "Fewer"
    i = ctl.session.layer_index(last.info.name)
    assert_draws(last.view, ctl.result.maps[i])
    last.more_button.click()
    assert last.view.layout.channels == MAPS_SHOWN
    page.map_clicked(last.info.name, 1000)         # a map beyond the first: shown, enlarged
    assert last.view.layout.channels == 1280 and last.view.selected == 1000
    np.testing.assert_array_equal(page.detail.values, ctl.result.maps[i][:, :, 1000])


def test_a_teachable_machine_mobilenet_opens_and_draws_only_what_is_in_sight(qtbot, window):
    from cnnviz.inference.loading import load_model
    from cnnviz.qt.digits.panels import MAPS_SHOWN

    loaded = load_model(fixture_model("2tle__rock_sissor_paper__keras_model.h5"))
    ctl = use_model(qtbot, window, loaded)
    one(ctl.canvas)
    settle(qtbot, ctl)
    page = ctl.page
    maps_panels = [p for p in page.panels if p.info.is_map]
    assert all(p.view.layout.channels <= MAPS_SHOWN for p in maps_panels)
    drawn = [p for p in maps_panels if p.view.qimage() is not None]
    assert drawn and len(drawn) < len(maps_panels)
    assert ctl.page.probabilities.classes == ["가위", "바위", "보"]
