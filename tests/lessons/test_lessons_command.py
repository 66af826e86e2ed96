"""python -m cnnviz.lessons: list, show and check lessons without the GUI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cnnviz.lessons.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def test_list_and_show(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "class\t19 steps" in out and "arithmetic\t6 steps" in out
    assert main(["show", "arithmetic", "--language", "ko"]) == 0
    out = capsys.readouterr().out
    assert "합성곱 출력 크기 계산" in out and "[lab] 스트라이드 3: 나누어떨어지지 않을 때" in out


def test_check_reports_errors_and_missing_files(tmp_path, capsys):
    assert main(["check", "class", "arithmetic"]) == 0
    assert "class: 19 steps, OK" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('title = { ko = "가", en = "A" }\n[[steps]]\npage = "lab"\n', encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == \
        'bad.toml: step 1: field "title": missing (every step needs page, title and narration)'
    missing = tmp_path / "missing.toml"
    missing.write_text('title = { ko = "가", en = "A" }\n[[steps]]\npage = "model"\nmodel = "asl.h5"\n'
                       'title = { ko = "모델", en = "Model" }\nnarration = { ko = "가", en = "a" }\n', encoding="utf-8")
    assert main(["check", str(missing)]) == 1
    captured = capsys.readouterr()
    assert 'step 1 ("Model"): model "asl.h5" not found' in captured.err
    assert "1 missing file(s)" in captured.out


def test_unknown_lesson_name_lists_the_bundled_ones(capsys):
    assert main(["check", "clas"]) == 1
    err = capsys.readouterr().err
    assert "no bundled lesson or lesson file named 'clas'" in err and "arithmetic, class" in err


def test_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "cnnviz.lessons", "check", "class"], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "class: 19 steps, OK" in out.stdout
