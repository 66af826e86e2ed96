"""Settings: the INI file lives in $CNNVIZ_SETTINGS_DIR; bad values are ignored, never fatal."""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray

from cnnviz.qt import settings as S


def test_app_settings_writes_ini_in_settings_dir(_isolated_settings):
    s = S.app_settings()
    s.setValue("ui/theme", "dark")
    s.sync()
    path = _isolated_settings / "cnnviz.ini"
    assert path.exists()
    assert "theme=dark" in path.read_text()
    assert S.read_str(S.app_settings(), "ui/theme", "light") == "dark"


def test_wrong_typed_values_fall_back_with_warning(_isolated_settings, caplog):
    (_isolated_settings / "cnnviz.ini").write_text(
        "[ui]\nzoom=banana\ntheme=purple\nbig=1e9\n[window]\ngeometry=notbytes\nflag=maybe\n")
    s = S.app_settings()
    with caplog.at_level(logging.WARNING, logger="cnnviz.qt.settings"):
        assert S.read_float(s, "ui/zoom", 1.0, minimum=0.5, maximum=4) == 1.0
        assert S.read_str(s, "ui/theme", "light", choices=("light", "dark")) == "light"
        assert S.read_float(s, "ui/big", 2.0, minimum=0.5, maximum=4) == 2.0
        assert S.read_bytes(s, "window/geometry") is None
        assert S.read_bool(s, "window/flag", True) is True
    text = caplog.text
    for key in ("ui/zoom", "ui/theme", "ui/big", "window/geometry", "window/flag"):
        assert key in text


def test_garbage_file_gives_defaults(_isolated_settings):
    (_isolated_settings / "cnnviz.ini").write_bytes(b"\x00\xff\xfe[[[\n=\n\x89PNG garbage")
    s = S.app_settings()
    assert S.read_float(s, "ui/zoom", 1.25) == 1.25
    assert S.read_str_list(s, "model/recent") == []


def test_bytes_and_lists_round_trip(_isolated_settings):
    s = S.app_settings()
    s.setValue("window/geometry", QByteArray(b"\x01\x02\x00abc"))
    s.setValue("model/recent", ["/a.keras", "/b.h5"])
    s.setValue("model/one", ["/only.keras"])
    s.sync()
    s2 = S.app_settings()
    assert bytes(S.read_bytes(s2, "window/geometry")) == b"\x01\x02\x00abc"
    assert S.read_str_list(s2, "model/recent") == ["/a.keras", "/b.h5"]
    assert S.read_str_list(s2, "model/one") == ["/only.keras"]
