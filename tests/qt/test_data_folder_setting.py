"""Issue 17: one data-folder setting for Evaluation and Live training, and MNIST IDX
folders found beside the working directory without asking."""
from __future__ import annotations

import pytest

from cnnviz.app.data_folders import IDX_FILES, data_folder_key, find_dataset_folder
from cnnviz.qt import settings as S


def write_idx_names(folder, gz=True):
    folder.mkdir(parents=True)
    for stem in IDX_FILES:
        (folder / (stem + (".gz" if gz else ""))).write_bytes(b"")
    return folder


@pytest.mark.parametrize("where", ["datasets/mnist", "../shared/datasets/mnist", "mnist"])
def test_mnist_folders_beside_the_working_directory_are_found(tmp_path, where):
    cwd = tmp_path / "app" / "work"
    cwd.mkdir(parents=True)
    assert find_dataset_folder("mnist", cwd) == ""
    found = write_idx_names(cwd / where)
    assert find_dataset_folder("mnist", cwd) == str(found.resolve())
    assert find_dataset_folder("fashion_mnist", cwd) == ""


def test_fashion_mnist_folder_with_a_dash_and_incomplete_folders(tmp_path):
    write_idx_names(tmp_path / "datasets" / "fashion-mnist", gz=False)
    assert find_dataset_folder("fashion_mnist", tmp_path).endswith("fashion-mnist")
    partial = tmp_path / "datasets" / "mnist"
    partial.mkdir()
    (partial / (IDX_FILES[0] + ".gz")).write_bytes(b"")
    assert find_dataset_folder("mnist", tmp_path) == ""  # three files missing


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from cnnviz.app.evaluate_controller import build_evaluate
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.app.training_controller import build_train
    from cnnviz.qt.main_window import MainWindow

    monkeypatch.chdir(tmp_path)                     # nothing to find beside it yet
    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_evaluate(w, None)
    build_train(w, None)
    yield w
    w.training.shutdown()


def test_a_folder_chosen_on_one_page_is_used_on_the_other(window, tmp_path):
    ev, tr = window.evaluation.page, window.training.page
    assert ev.dataset_key() == "mnist" and tr.dataset.currentData() == "mnist"
    assert ev.folder.text() == "" and tr.folder.text() == ""
    chosen = str(tmp_path / "my-mnist")
    tr.folder.setText(chosen)
    tr.folder.editingFinished.emit()                 # as when the user leaves the field
    assert ev.folder.text() == chosen                # shown on Evaluation at once
    assert S.read_str(S.app_settings(), data_folder_key("mnist"), "") == chosen
    other = str(tmp_path / "other")
    ev.folder.setText(other)
    ev.folder.editingFinished.emit()
    assert tr.folder.text() == other
    # Fashion-MNIST has a folder of its own: switching data set shows it, not MNIST's.
    tr.dataset.setCurrentIndex(tr.dataset.findData("fashion_mnist"))
    assert tr.folder.text() == "" and ev.folder.text() == other


def test_a_folder_beside_the_working_directory_fills_both_pages(qtbot, tmp_path, monkeypatch):
    from cnnviz.app.evaluate_controller import build_evaluate
    from cnnviz.app.model_hub import ModelHub
    from cnnviz.app.training_controller import build_train
    from cnnviz.qt.main_window import MainWindow

    found = write_idx_names(tmp_path / "datasets" / "mnist")
    monkeypatch.chdir(tmp_path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.model_hub = ModelHub(w)
    build_evaluate(w, None)
    build_train(w, None)
    try:
        assert w.evaluation.page.folder.text() == str(found.resolve())
        assert w.training.page.folder.text() == str(found.resolve())
    finally:
        w.training.shutdown()
