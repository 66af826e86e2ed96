"""Turn a drawing or a photo of a digit into what an MNIST-trained network expects.

MNIST's digits were made like this (LeCun et al.): the digit's bounding box is scaled to
fit a 20×20 box keeping its aspect ratio (anti-aliased), then placed in a 28×28 image so
that its centre of mass sits at the centre. Light ink on a dark background, values 0..1.

* :func:`preprocess_digit` does exactly that for canvas ink (``float (H, W)`` in 0..1)
  and keeps every intermediate image as a named :class:`Step` so the app can show them.
* :func:`preprocess_image` first turns a photo or scan (any size, dark ink on light paper
  or light on dark, noisy) into clean light-on-dark ink: grayscale, denoise, automatic
  polarity (the paper is what the border shows), background removal with Otsu's
  threshold for noisy photos, small-speck removal; then the digit pipeline.
* :func:`to_model_input` generalises to any model input ``(H, W, C)``: the digit
  pipeline (resized to ``H×W``) or a plain resize of the whole picture, gray → RGB.

NumPy + OpenCV only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

MNIST_SIZE = 28
MNIST_BOX = 20
INK_THRESHOLD = 0.04
"""Pixels at or below this (0..1) do not count as ink for the bounding box."""
MODES = ("digit", "fit", "stretch")


class PreprocessError(ValueError):
    """An array that cannot be an image (the message names the shape or values)."""


@dataclass(frozen=True)
class Step:
    key: str       # stable identifier ("ink", "cropped", "scaled", "placed", "centered", …)
    title: str     # short English caption template ("Scaled {0}×{0}"; the Qt layer translates it)
    image: np.ndarray  # float32 (h, w) in 0..1, light ink on dark
    args: tuple = ()   # values for the template's {0}, {1}, …

    @property
    def caption(self) -> str:
        """The English caption with its values filled in."""
        return self.title.format(*self.args)


@dataclass(frozen=True)
class Preprocessed:
    image: np.ndarray                 # float32 (size, size) in 0..1
    steps: tuple[Step, ...] = ()
    empty: bool = False
    bbox: tuple[int, int, int, int] | None = None  # (top, left, bottom, right) in the source, exclusive
    shift: tuple[int, int] = (0, 0)   # (dy, dx) applied to centre the mass
    inverted: bool = False            # image files: dark ink on light paper was inverted
    notes: tuple[str, ...] = field(default_factory=tuple)

    def step(self, key: str) -> Step:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(f"no preprocessing step {key!r}; steps: {', '.join(s.key for s in self.steps)}")


# -- helpers -------------------------------------------------------------------------------
def _as_float_image(a: np.ndarray, what: str = "image") -> np.ndarray:
    arr = np.asarray(a)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim != 2:
        raise PreprocessError(f"the {what} must be a 2-D gray array, got shape {np.shape(a)}")
    if arr.size == 0 or min(arr.shape) < 1:
        raise PreprocessError(f"the {what} is empty (shape {arr.shape})")
    if np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        info_max = 1.0 if arr.dtype == np.bool_ else (255.0 if arr.dtype == np.uint8 else float(max(arr.max(), 1)))
        out = arr.astype(np.float32) / np.float32(info_max)
    else:
        out = arr.astype(np.float32)
    out = np.nan_to_num(out, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(out, 0.0, 1.0)


def ink_bbox(ink: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[int, int, int, int] | None:
    """``(top, left, bottom, right)`` (exclusive) of pixels above ``threshold``, or None."""
    mask = ink > threshold
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def _ink_bbox_u8(ink: np.ndarray, threshold: float) -> tuple[int, int, int, int] | None:
    """:func:`ink_bbox` of 8-bit ink (value/255 > threshold), in OpenCV's C loops."""
    level = int(np.floor(threshold * 255.0 + 1e-6))  # v/255 > t  ⇔  v > floor(255 t)
    _, mask = cv2.threshold(ink, level, 255, cv2.THRESH_BINARY)
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0 or h == 0:
        return None
    return y, x, y + h, x + w


def center_of_mass(img: np.ndarray) -> tuple[float, float]:
    """``(row, col)`` of the intensity-weighted centre (pixel centres at integer coords)."""
    total = float(img.sum())
    if total <= 0:
        h, w = img.shape
        return (h - 1) / 2, (w - 1) / 2
    rows = np.arange(img.shape[0], dtype=np.float64)
    cols = np.arange(img.shape[1], dtype=np.float64)
    return float(img.sum(axis=1) @ rows / total), float(img.sum(axis=0) @ cols / total)


def _fit(img: np.ndarray, box: int) -> np.ndarray:
    """Scale so the longer side is ``box`` pixels (keeping the aspect ratio)."""
    h, w = img.shape
    scale = box / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    # INTER_AREA anti-aliases when shrinking; when enlarging a tiny blob it behaves like
    # bilinear, which is what we want too.
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return np.clip(cv2.resize(img, (nw, nh), interpolation=interp), 0.0, 1.0)


# -- the MNIST pipeline ----------------------------------------------------------------------
def preprocess_digit(
    ink: np.ndarray,
    *,
    size: int = MNIST_SIZE,
    box: int | None = None,
    threshold: float = INK_THRESHOLD,
    keep_steps: bool = True,
) -> Preprocessed:
    """MNIST-style preprocessing of light-on-dark ink (0..1). See the module docstring.

    ``size`` is the output side (28 for MNIST); ``box`` the side the digit is scaled to
    fit (default ``round(size * 20 / 28)``). An empty canvas gives a blank image with
    ``empty=True``.
    """
    raw = np.asarray(ink)
    if raw.ndim == 3 and raw.shape[2] == 1:
        raw = raw[:, :, 0]
    # 8-bit ink (the canvas's own buffer) is cropped first and only the crop becomes
    # float: a few small passes instead of several over the whole 280×280 buffer.
    u8 = raw if raw.dtype == np.uint8 and raw.ndim == 2 and raw.size else None
    src = None if u8 is not None else _as_float_image(ink, "ink")
    if size < 2:
        raise PreprocessError(f"the output size must be at least 2, got {size}")
    box = int(box if box is not None else max(1, round(size * MNIST_BOX / MNIST_SIZE)))
    if not 1 <= box <= size:
        raise PreprocessError(f"the digit box ({box}) must fit in the output size ({size})")
    if keep_steps and src is None:
        src = u8.astype(np.float32) * np.float32(1.0 / 255.0)
    steps: list[Step] = [Step("ink", "Drawing", src)] if keep_steps else []
    bbox = ink_bbox(src, threshold) if u8 is None else _ink_bbox_u8(u8, threshold)
    if bbox is None:
        blank = np.zeros((size, size), np.float32)
        if keep_steps:
            steps.append(Step("centered", "Centred", blank))
        return Preprocessed(blank, tuple(steps), empty=True)
    t, l, b, r = bbox
    cropped = src[t:b, l:r] if u8 is None else u8[t:b, l:r].astype(np.float32) * np.float32(1.0 / 255.0)
    scaled = _fit(cropped, box)
    sh, sw = scaled.shape
    placed = np.zeros((size, size), np.float32)
    top, left = (size - sh) // 2, (size - sw) // 2
    placed[top:top + sh, left:left + sw] = scaled
    # Centre of mass to the centre, by whole pixels (no extra blur), never pushing ink
    # off the image. MNIST's centre is at pixel index size/2 (14.0 for 28: measured on
    # the test set, whose mean centre of mass is (13.99, 14.00)).
    cy, cx = center_of_mass(scaled)
    dy = int(round(size / 2 - (top + cy)))
    dx = int(round(size / 2 - (left + cx)))
    dy = int(np.clip(dy, -top, size - (top + sh)))
    dx = int(np.clip(dx, -left, size - (left + sw)))
    centered = np.zeros_like(placed)
    centered[top + dy:top + dy + sh, left + dx:left + dx + sw] = scaled
    if keep_steps:
        steps += [
            Step("cropped", "Cropped", cropped.copy()),
            Step("scaled", "Scaled {0}×{0}", scaled, (box,)),
            Step("placed", "In {0}×{0}", placed, (size,)),
            Step("centered", "Centred", centered),
        ]
    return Preprocessed(centered, tuple(steps), empty=False, bbox=bbox, shift=(dy, dx))


# -- photos and scans ------------------------------------------------------------------------
def to_gray(image: np.ndarray) -> np.ndarray:
    """Any image array (gray, RGB, RGBA; uint8, uint16 or float) → float32 gray 0..1."""
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[2] == 4:
        alpha = a[:, :, 3:4].astype(np.float32) / (255.0 if a.dtype == np.uint8 else max(float(a[:, :, 3].max()), 1.0))
        rgb = a[:, :, :3].astype(np.float32)
        top = 255.0 if a.dtype == np.uint8 else max(float(rgb.max()), 1.0)
        a = rgb * alpha + top * (1 - alpha)  # composite onto white paper
        a = a.astype(np.float32) / top
    elif a.ndim == 3 and a.shape[2] in (1, 3):
        if a.shape[2] == 1:
            a = a[:, :, 0]
    if np.asarray(a).ndim == 3:
        f = a.astype(np.float32)
        if np.issubdtype(np.asarray(image).dtype, np.integer) and f.max() > 1.0:
            f = f / (255.0 if np.asarray(image).dtype == np.uint8 else float(f.max()))
        return np.clip(f[:, :, 0] * 0.299 + f[:, :, 1] * 0.587 + f[:, :, 2] * 0.114, 0, 1).astype(np.float32)
    if a.ndim != 2:
        raise PreprocessError(f"an image must be (H, W), (H, W, 3) or (H, W, 4), got shape {np.shape(image)}")
    return _as_float_image(a)


def _otsu(gray: np.ndarray) -> float:
    u8 = np.round(gray * 255).astype(np.uint8)
    t, _ = cv2.threshold(u8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(t) / 255.0


def _border(gray: np.ndarray) -> np.ndarray:
    h, w = gray.shape
    m = max(1, min(h, w) // 20)
    return np.concatenate([gray[:m].ravel(), gray[-m:].ravel(), gray[:, :m].ravel(), gray[:, -m:].ravel()])


def detect_dark_ink(gray: np.ndarray) -> bool:
    """True when the picture is dark ink on light paper (the border is paper)."""
    border = _border(gray)
    t = _otsu(gray)
    if abs(float(gray.max()) - float(gray.min())) < 1e-6:
        return bool(np.median(border) > 0.5)
    # Paper is what most of the border shows; decide by which side of Otsu's split it is.
    return bool(np.mean(border > t) > 0.5)


def clean_photo(image: np.ndarray, *, max_side: int = 512) -> tuple[np.ndarray, list[Step], bool, list[str]]:
    """Photo/scan → light ink on black, 0..1, with the steps taken.
    Returns ``(ink, steps, inverted, notes)``."""
    gray = to_gray(image)
    steps = [Step("gray", "Grayscale", gray)]
    notes: list[str] = []
    h, w = gray.shape
    if max(h, w) > max_side:
        s = max_side / max(h, w)
        gray = cv2.resize(gray, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
        notes.append(f"reduced from {w}×{h} to {gray.shape[1]}×{gray.shape[0]} pixels")
    inverted = detect_dark_ink(gray)
    ink = 1.0 - gray if inverted else gray.copy()
    steps.append(Step("polarity", "Inverted" if inverted else "Light on dark", ink))
    # Denoise: a median filter removes salt-and-pepper noise and paper grain while keeping
    # stroke edges (only on pictures big enough for it not to eat thin strokes).
    if min(ink.shape) >= 64:
        k = 5 if min(ink.shape) >= 200 else 3
        ink = cv2.medianBlur(np.round(ink * 255).astype(np.uint8), k).astype(np.float32) / 255.0
        steps.append(Step("denoised", "Denoised", ink))
    # Background: the paper's level (median of the border) becomes 0, the ink's high
    # percentile becomes 1; uneven lighting is removed with a large-scale background
    # estimate when the picture is big.
    if min(ink.shape) >= 64:
        k = max(15, (min(ink.shape) // 4) | 1)
        background = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        background = cv2.GaussianBlur(background, (0, 0), k / 4)
        ink = np.clip(ink - background, 0.0, 1.0)
    else:
        ink = np.clip(ink - float(np.median(_border(ink))), 0.0, 1.0)
    hi = float(np.percentile(ink, 99.5))
    if hi < 0.05:
        hi = float(ink.max())
    if hi > 1e-6:
        ink = np.clip(ink / hi, 0.0, 1.0)
    # Noisy photos: Otsu separates ink from what is left of the paper; below the split is
    # set to 0 (a soft ramp keeps anti-aliased edges), then specks much smaller than the
    # digit's largest piece are dropped.
    bg = ink[ink < _otsu(ink)] if ink.max() > 0 else ink
    noisy = bg.size > 0 and float(bg.std()) > 0.02
    if noisy:
        t = _otsu(ink)
        lo = 0.5 * t
        ink = np.clip((ink - lo) / max(1e-6, (t - lo) * 2), 0.0, 1.0)
        n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0.5).astype(np.uint8), connectivity=8)
        if n > 2:
            areas = stats[1:, cv2.CC_STAT_AREA]
            keep = np.zeros(n, bool)
            keep[1:] = areas >= max(4, 0.05 * areas.max())
            mask = keep[labels]
            mask = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
            ink = np.where(mask, ink, 0.0).astype(np.float32)
        notes.append("background removed with Otsu's threshold")
    else:
        # Clean pictures: only the faint residue of the paper (a few %) goes.
        floor = 0.06
        ink = np.clip((ink - floor) / (1.0 - floor), 0.0, 1.0)
    steps.append(Step("cleaned", "Cleaned", ink.astype(np.float32)))
    return ink.astype(np.float32), steps, inverted, notes


def transformed_step(x: np.ndarray) -> Step:
    """The invariance transform's result ``(H, W, C)`` as the last step shown."""
    return Step("transformed", "Shifted / rotated / scaled", x[:, :, 0] if x.shape[2] == 1 else x.mean(axis=2))


def preprocess_image(image: np.ndarray, *, size: int = MNIST_SIZE, box: int | None = None) -> Preprocessed:
    """A photo or scan of one digit (any size, either polarity) → MNIST-style input."""
    ink, photo_steps, inverted, notes = clean_photo(image)
    digit = preprocess_digit(ink, size=size, box=box)
    steps = tuple(photo_steps) + tuple(s for s in digit.steps if s.key != "ink")
    return Preprocessed(digit.image, steps, digit.empty, digit.bbox, digit.shift, inverted, tuple(notes))


# -- any model input -------------------------------------------------------------------------
def _resize_to(img: np.ndarray, h: int, w: int, keep_aspect: bool) -> np.ndarray:
    sh, sw = img.shape[:2]
    if (sh, sw) == (h, w):
        return img.astype(np.float32)
    if not keep_aspect:
        interp = cv2.INTER_AREA if (h < sh or w < sw) else cv2.INTER_LINEAR
        return cv2.resize(img.astype(np.float32), (w, h), interpolation=interp)
    s = min(h / sh, w / sw)
    nh, nw = max(1, round(sh * s)), max(1, round(sw * s))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    r = cv2.resize(img.astype(np.float32), (nw, nh), interpolation=interp)
    out = np.zeros((h, w) + img.shape[2:], np.float32)
    t, l = (h - nh) // 2, (w - nw) // 2
    out[t:t + nh, l:l + nw] = r.reshape((nh, nw) + img.shape[2:])
    return out


def to_model_input(
    picture: np.ndarray,
    shape: tuple[int | None, int | None, int | None],
    mode: str = "digit",
    *,
    is_ink: bool = True,
    scale: float = 1.0,
) -> np.ndarray:
    """Make ``picture`` fit a model input of ``shape = (H, W, C)``; returns float32 ``(H, W, C)``.

    ``mode``: ``"digit"`` — the MNIST pipeline (crop, 20/28 box, centre of mass) at
    ``H×W``; ``"fit"`` — the whole picture resized keeping its aspect ratio (zero bars);
    ``"stretch"`` — resized to exactly ``H×W``. ``is_ink`` says the picture is already
    light-on-dark ink (the canvas); otherwise it is a photo and, in digit mode, goes
    through :func:`clean_photo`. Gray becomes C equal channels (RGB models); RGB photos
    keep colour in fit/stretch modes. Values are 0..1 times ``scale`` (255 for models
    trained on raw bytes).
    """
    if mode not in MODES:
        raise PreprocessError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if len(shape) != 3:
        raise PreprocessError(f"the model input shape must be (H, W, C), got {shape}")
    h, w, c = (int(v) if v else 0 for v in shape)
    h, w = h or MNIST_SIZE, w or MNIST_SIZE
    c = c or 1
    if c not in (1, 3, 4):
        raise PreprocessError(f"cannot make an image with {c} channels (1, 3 or 4 expected)")
    pic = np.asarray(picture)
    if mode == "digit":
        if is_ink:
            ink = _as_float_image(pic if pic.ndim == 2 else to_gray(pic), "ink")
        else:
            ink, *_ = clean_photo(pic)
        side = max(h, w)
        d = preprocess_digit(ink, size=side, keep_steps=False).image
        if (h, w) != (side, side):
            t, l = (side - h) // 2, (side - w) // 2
            d = d[t:t + h, l:l + w]
        out = d[:, :, None]
    else:
        if pic.ndim == 3 and pic.shape[2] >= 3 and c >= 3:
            f = pic[:, :, :3].astype(np.float32)
            if np.issubdtype(pic.dtype, np.integer):
                f /= 255.0 if pic.dtype == np.uint8 else max(float(f.max()), 1.0)
            out = _resize_to(np.clip(f, 0, 1), h, w, mode == "fit")
        else:
            g = to_gray(pic) if pic.ndim == 3 else _as_float_image(pic)
            out = _resize_to(g, h, w, mode == "fit")[:, :, None]
    if out.shape[2] != c:
        if out.shape[2] == 1:
            out = np.repeat(out, c, axis=2)
        elif c == 1:
            out = (out[:, :, 0] * 0.299 + out[:, :, 1] * 0.587 + out[:, :, 2] * 0.114)[:, :, None]
        if c == 4 and out.shape[2] == 3:
            out = np.concatenate([out, np.ones_like(out[:, :, :1])], axis=2)
    return (np.clip(out, 0.0, 1.0) * np.float32(scale)).astype(np.float32)
