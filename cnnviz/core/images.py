"""Image file I/O through OpenCV, with messages a user can act on."""
from __future__ import annotations

from pathlib import Path

import numpy as np

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif", ".pgm", ".ppm")
MAX_IMAGE_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 80_000_000


class ImageReadError(ValueError):
    """A path that does not hold a readable image (the message says why)."""


def is_image_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def read_image(path: str | Path, *, gray: bool = False) -> np.ndarray:
    """Read an image file as uint8: ``(H, W)`` when ``gray`` else ``(H, W, 3)`` RGB
    (an alpha channel is composited onto white; grayscale files become 3 equal channels)."""
    import cv2

    p = Path(path)
    if not p.exists():
        raise ImageReadError(f"{p}: no such file")
    if p.is_dir():
        raise ImageReadError(f"{p}: is a folder, not an image file")
    try:
        size = p.stat().st_size
        if size == 0:
            raise ImageReadError(f"{p}: the file is empty")
        if size > MAX_IMAGE_BYTES:
            raise ImageReadError(f"{p}: the file is too large for an image ({size / 2**20:.0f} MB)")
        data = np.fromfile(p, dtype=np.uint8)
    except PermissionError:
        raise ImageReadError(f"{p}: permission denied") from None
    except OSError as exc:
        raise ImageReadError(f"{p}: cannot read ({exc.strerror or exc})") from None
    img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ImageReadError(f"{p}: not an image OpenCV can read (PNG, JPEG, BMP, TIFF, WebP, …)")
    if img.size > MAX_PIXELS * (img.shape[2] if img.ndim == 3 else 1):
        raise ImageReadError(f"{p}: the image is too large ({img.shape[1]}×{img.shape[0]} pixels)")
    if img.dtype != np.uint8:
        img = cv2.normalize(img, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if img.ndim == 2:
        rgb = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    elif img.shape[2] == 4:
        bgr = img[:, :, :3].astype(np.float32)
        alpha = img[:, :, 3:4].astype(np.float32) / 255.0
        rgb = cv2.cvtColor((bgr * alpha + 255.0 * (1 - alpha)).round().astype(np.uint8), cv2.COLOR_BGR2RGB)
    else:
        rgb = cv2.cvtColor(img[:, :, :3], cv2.COLOR_BGR2RGB)
    if gray:
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return rgb


def write_png(path: str | Path, image: np.ndarray) -> None:
    """Write ``(H, W)`` gray or ``(H, W, 3)`` RGB uint8 as PNG."""
    import cv2

    a = np.asarray(image)
    if a.ndim == 3:
        a = cv2.cvtColor(a, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".png", a)
    if not ok:  # pragma: no cover - cv2 fails only on invalid arrays
        raise OSError(f"cannot encode {path} as PNG")
    Path(path).write_bytes(buf.tobytes())
