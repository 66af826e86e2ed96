"""Corrupt, truncated, mislabelled and odd files: the loader always returns a
LoadedModel or raises ModelLoadError with a message — never another exception, never a
hang (the sandboxed child has a time limit; pytest-timeout guards the test itself)."""
from __future__ import annotations

import os
import random

import pytest

from cnnviz.inference.loading import LoadedModel, ModelLoadError, load_model
from cnnviz.inference.loading.sniff import check_path


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    import keras

    d = tmp_path_factory.mktemp("fuzz")
    m = keras.Sequential([keras.Input((10, 10, 1)), keras.layers.Conv2D(3, 3, name="conv"),
                          keras.layers.BatchNormalization(name="bn"), keras.layers.Flatten(name="flat"),
                          keras.layers.Dense(4, activation="softmax", name="out")])
    paths = {"h5": d / "model.h5", "keras": d / "model.keras"}
    for p in paths.values():
        m.save(p)
    return paths


def _mutants(data: bytes, seeds=range(4)):
    n = len(data)
    for frac in (0.02, 0.3, 0.6, 0.97):
        yield f"truncated at {frac:.0%}", data[: int(n * frac)]
    for seed in seeds:
        rng = random.Random(seed)
        buf = bytearray(data)
        for _ in range(rng.choice((1, 8, 64))):
            i = rng.randrange(n)
            buf[i] ^= 1 << rng.randrange(8)
        yield f"bit flips (seed {seed})", bytes(buf)
    for seed in seeds:  # aim at the structure: superblock, object headers, the JSON config
        rng = random.Random(1000 + seed)
        buf = bytearray(data)
        config_at = data.find(b'"class_name"')
        for _ in range(6):
            if seed % 2 and config_at > 0:
                i = min(n - 1, config_at + rng.randrange(2000))
            else:
                i = rng.randrange(min(n, 4096))
            buf[i] = rng.randrange(256)
        yield f"structure bytes (seed {seed})", bytes(buf)
    rng = random.Random(99)
    buf = bytearray(data)
    start = rng.randrange(n // 4, n // 2)
    buf[start:start + 512] = bytes(rng.randrange(256) for _ in range(512))
    yield "a 512-byte block of noise", bytes(buf)


@pytest.mark.timeout(300)
def test_corrupted_model_files_never_escape_as_other_exceptions(originals, tmp_path):
    outcomes = {}
    for fmt, original in originals.items():
        for label, data in _mutants(original.read_bytes()):
            path = tmp_path / f"{label.replace(' ', '_')}.{fmt}"
            path.write_bytes(data)
            try:
                result = load_model(path)
            except ModelLoadError as exc:
                assert exc.message and exc.category, (fmt, label)
                assert path.name in exc.message or "loader" in exc.message, exc.message
                outcomes[(fmt, label)] = exc.category
            else:
                assert isinstance(result, LoadedModel)
                outcomes[(fmt, label)] = "loaded"
    # Truncated files never load; at least the heavy truncations are called damaged.
    for fmt in originals:
        assert outcomes[(fmt, "truncated at 2%")] in ("corrupt", "not-a-model")
        assert outcomes[(fmt, "truncated at 60%")] != "loaded"


def test_bad_paths_each_get_a_message_naming_the_problem(tmp_path):
    cases = {}
    (tmp_path / "empty.h5").write_bytes(b"")
    cases["empty.h5"] = ("empty", "empty")
    (tmp_path / "notes.h5").write_text("these are my lecture notes\n")
    cases["notes.h5"] = ("not-a-model", "text file")
    (tmp_path / "folder.keras").mkdir()
    cases["folder.keras"] = ("is-directory", "folder")
    cases["missing.h5"] = ("not-found", "no such file")
    (tmp_path / "pickle.h5").write_bytes(b"\x80\x04\x95" + b"\0" * 40)
    cases["pickle.h5"] = ("not-a-model", "pickle")
    (tmp_path / "zip.keras").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip archive
    cases["zip.keras"] = ("not-a-model", "")
    big = tmp_path / "huge.h5"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(5 * 1024**3)
    cases["huge.h5"] = ("too-large", "GB")
    for name, (category, words) in cases.items():
        with pytest.raises(ModelLoadError) as info:
            load_model(tmp_path / name, trusted=True)
        assert info.value.category == category, (name, info.value.message)
        assert words in info.value.message, (name, info.value.message)
    with pytest.raises(ModelLoadError) as info:
        check_path(tmp_path / "notes.h5" / "inside.h5")  # a path through a file
    assert info.value.category in ("unreadable", "not-found")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.h5"
    p.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    p.chmod(0)
    with pytest.raises(ModelLoadError) as info:
        load_model(p)
    assert info.value.category == "unreadable" and "permission" in info.value.message


def test_flattening_mangled_nested_configs_never_raises():
    """The nested-model rewrite meets damaged JSON too: it flattens or leaves the config
    alone (None), and raises nothing."""
    import copy
    import json

    from cnnviz.inference.loading.flatten import flatten_config
    from tests.inference.test_loading_nested import _keras2_config

    original = _keras2_config()
    junk = [None, 0, -1, 3.5, "", "x", [], {}, [[]], [[["?", 9, 9]]], {"class_name": "Sequential"}]

    def nodes(x, out):
        if isinstance(x, dict):
            out.append(x)
            for v in x.values():
                nodes(v, out)
        elif isinstance(x, list):
            for v in x:
                nodes(v, out)
        return out

    rng = random.Random(16)
    flattened = 0
    for _ in range(400):
        cfg = copy.deepcopy(original)
        for _ in range(rng.choice((1, 2, 4))):
            target = rng.choice(nodes(cfg, []))
            if not target:
                continue
            key = rng.choice(sorted(target))
            if rng.random() < 0.3:
                del target[key]
            else:
                target[key] = copy.deepcopy(rng.choice(junk))
        result = flatten_config(cfg)
        if result is not None:
            new, origin = result
            json.dumps(new)
            assert isinstance(origin, dict)
            flattened += 1
    assert flatten_config(original) is not None
    assert 0 < flattened < 400  # some mutants still flatten, some are left alone
