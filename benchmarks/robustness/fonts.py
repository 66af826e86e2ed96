"""Digits rendered with Qt from the fonts installed on this machine (held-out set).

Part of the "digits from anyone" robustness set: printed-style digits from many font
families (serif, sans, mono, script, CJK designs of the Latin digits), weights (light,
regular, bold), italic/oblique styles, synthetic slant and small rotations, each then
degraded to look scanned or photographed (:func:`benchmarks.robustness.degrade.degrade`).
No MNIST writer is involved and the set is never trained on.

Families that cannot draw Latin digits (symbol, dingbat, math, emoji fonts; families
without the Latin writing system or whose ten digits do not come out as ten different
pictures) are left out, and families/styles that draw the same digits as another (the
"Sans Serif" alias of DejaVu Sans, the HK/JP/KR/SC/TC copies of Noto CJK, foundry
duplicates) count once. Which fonts exist depends on the machine: the set is
deterministic for a seed on one machine, and ``labels.csv`` names the font of each file.

Qt only (QFontDatabase, QPainterPath, QPainter onto a QImage); no Pillow.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

EXCLUDED = re.compile(r"math|symbol|dingbat|emoji|icon|wingding|webding|awesome|marlett|braille|ornament"
                      r"|music|cursor|d050000l", re.IGNORECASE)
RENDER_HEIGHT = 256


@dataclass(frozen=True)
class FontFace:
    """One style of one font family, as Qt names them."""

    family: str   # Qt's family name (may carry a foundry: "Nimbus Sans [urw]")
    style: str    # "Bold Italic", "Light", "Book", …

    @property
    def name(self) -> str:
        """The family without Qt's foundry suffix, and the style: "Nimbus Sans Bold"."""
        return f"{self.resolved_family()} {self.style}"

    def resolved_family(self) -> str:
        """The family Qt really draws with (an alias such as "Monospace" names the font
        behind it), without the foundry suffix."""
        from PySide6.QtGui import QFontInfo

        return base_family(QFontInfo(self.qfont()).family())

    def qfont(self):
        from PySide6.QtGui import QFontDatabase

        return QFontDatabase.font(self.family, self.style, 48)


def base_family(family: str) -> str:
    return re.sub(r"\s*\[[^\]]*\]$", "", family).strip()


def ensure_gui_app():
    """The running QGuiApplication (or QApplication), created when there is none (on the
    offscreen platform unless a display is set up)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def render_text(font, text: str, height: int = RENDER_HEIGHT, *, shear: float = 0.0,
                rotate: float = 0.0) -> np.ndarray:
    """``text`` in ``font`` as ink (``float32``, 1 = ink), its outline scaled so that the
    ink is ``height`` px high, slanted by ``shear`` (x += shear·(−y): positive leans
    right) and rotated by ``rotate`` degrees (clockwise), with a 4 px margin.
    Empty (0×0) when the font draws nothing."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QTransform

    ensure_gui_app()
    path = QPainterPath()
    path.addText(0.0, 0.0, font, text)
    t = QTransform()
    t.rotate(rotate)
    t.shear(-shear, 0.0)
    path = t.map(path)
    box = path.boundingRect()
    if box.height() <= 0 or box.width() <= 0:
        return np.zeros((0, 0), np.float32)
    s = height / box.height()
    pad = 4
    w, h = int(np.ceil(box.width() * s)) + 2 * pad, int(height) + 2 * pad
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor(0, 0, 0))
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(pad - box.left() * s, pad - box.top() * s)
    painter.scale(s, s)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255))
    painter.drawPath(path)
    painter.end()
    buf = np.frombuffer(img.constBits(), np.uint8, count=img.bytesPerLine() * h)
    rgba = buf.reshape(h, img.bytesPerLine() // 4, 4)[:, :w]
    return rgba[:, :, 1].astype(np.float32) / np.float32(255.0)


def _fingerprint(font) -> str | None:
    """A hash of the ten digits as this font draws them; None when it cannot draw ten
    different Latin digits."""
    from PySide6.QtGui import QFontMetrics

    fm = QFontMetrics(font)
    if not all(fm.inFont(c) for c in "0123456789"):
        return None
    pics = []
    for c in "0123456789":
        ink = render_text(font, c, 40)
        if ink.size == 0 or ink.max() < 0.5:
            return None
        pics.append(np.round(ink * 8).astype(np.uint8).tobytes() + bytes(str(ink.shape), "ascii"))
    if len(set(pics)) < 10:
        return None
    return hashlib.sha1(b"|".join(pics)).hexdigest()


def _is_alias(family: str) -> bool:
    from PySide6.QtGui import QFont, QFontInfo

    return base_family(QFontInfo(QFont(family)).family()) != base_family(family)


@lru_cache(maxsize=1)
def font_faces() -> dict[str, tuple[FontFace, ...]]:
    """Usable faces by the family Qt draws them with, in a stable order: families and
    styles sorted by name; a face that draws the digits exactly like one before it is
    dropped, and so is a family left without faces."""
    from PySide6.QtGui import QFontDatabase

    ensure_gui_app()
    latin, symbol = QFontDatabase.WritingSystem.Latin, QFontDatabase.WritingSystem.Symbol
    seen: set[str] = set()
    out: dict[str, list[FontFace]] = {}
    # Real families before aliases ("Monospace", "Serif"), so that a face keeps its name.
    families = sorted(QFontDatabase.families(), key=lambda f: (_is_alias(f), f))
    for family in families:
        if EXCLUDED.search(family) or QFontDatabase.isPrivateFamily(family):
            continue
        systems = QFontDatabase.writingSystems(family)
        if latin not in systems or symbol in systems or not QFontDatabase.isSmoothlyScalable(family):
            continue
        for style in sorted(QFontDatabase.styles(family)):
            face = FontFace(family, style)
            key = _fingerprint(face.qfont())
            if key is None or key in seen:
                continue
            seen.add(key)
            out.setdefault(face.resolved_family(), []).append(face)
    return {k: tuple(v) for k, v in sorted(out.items())}


def is_italic(face: FontFace) -> bool:
    return bool(re.search(r"italic|oblique", face.style, re.IGNORECASE))


def render_digit(face: FontFace, digit: int, height: int = RENDER_HEIGHT, *, shear: float = 0.0,
                 rotate: float = 0.0) -> np.ndarray:
    """The digit in ``face`` as ink (``float32``, 1 = ink), ``height`` px high plus a
    4 px margin (see :func:`render_text`)."""
    return render_text(face.qfont(), str(int(digit) % 10), height, shear=shear, rotate=rotate)


def sample_font_digit(digit: int, rng: np.random.Generator,
                      faces: dict[str, tuple[FontFace, ...]] | None = None) -> tuple[np.ndarray, str]:
    """One clean font digit for the set: a random family (each family equally likely),
    one of its styles, a synthetic slant half the time (less on italics) and a small
    rotation. Returns ``(ink, description)``."""
    faces = font_faces() if faces is None else faces
    if not faces:
        raise RuntimeError("no usable font with Latin digits is installed")
    families = list(faces)
    family = families[int(rng.integers(len(families)))]
    face = faces[family][int(rng.integers(len(faces[family])))]
    shear = 0.0
    if rng.random() < 0.5:
        shear = float(rng.uniform(-0.1, 0.15) if is_italic(face) else rng.uniform(-0.2, 0.3))
    rotate = float(rng.uniform(-8.0, 8.0)) if rng.random() < 0.6 else 0.0
    ink = render_digit(face, digit, shear=shear, rotate=rotate)
    return ink, f"font={face.name!r} shear={shear:+.2f} rot={rotate:+.1f}"
