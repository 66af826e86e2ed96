"""Make a clean digit look scanned or photographed (held-out robustness set).

:func:`degrade` takes a digit's ink as a tight, high-resolution crop (``float32``,
1 = ink) and puts it on a page the way a person's picture of one handwritten digit
looks when it reaches ``cnnviz predict``: thicker or thinner strokes, a margin
(the digit filling the frame, or small on a big page), grey paper, uneven lighting,
camera blur, sensor noise, often a small scan (the digit only 8–20 px high) enlarged to
28–200 px with nearest (blocky) or linear interpolation, and JPEG compression. Mostly
dark ink on light paper; ~15 % light on dark.

Every random choice is bounded so that a person can still read the digit: contrast
stays ≥ 0.35 everywhere on the page, the blur and the noise are small next to the
strokes, thin strokes are never eroded away. Pure NumPy + OpenCV; no MNIST.
"""
from __future__ import annotations

import cv2
import numpy as np

LIGHT_ON_DARK = 0.15
SMALL_SCAN = 0.6
MIN_FINAL, MAX_FINAL = 28, 200
MIN_CONTRAST = 0.35


def stroke_half_widths(ink: np.ndarray) -> tuple[float, float]:
    """``(thin, typical)``: half the width of the thinnest strokes (a serif font's
    hairlines) and of the usual ones, in pixels — the 10th and 90th percentiles of the
    distance to the paper along the middle of the strokes."""
    mask = np.pad((ink > 0.5).astype(np.uint8), 1)  # paper all round: the edge is no ink
    if not mask.any():
        return 0.0, 0.0
    dt = cv2.distanceTransform(mask, cv2.DIST_L2, 5)
    ridge = (dt > 0) & (dt >= cv2.dilate(dt, np.ones((3, 3), np.uint8)) - 0.75)
    v = dt[ridge]
    return float(np.percentile(v, 10)), float(np.percentile(v, 90))


def change_strokes(ink: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """Thicker (dilate) or thinner (erode) strokes; erosion keeps at least half of the
    thinnest strokes. Returns ``(ink, description)``."""
    h = ink.shape[0]
    thin, _typical = stroke_half_widths(ink)
    kind = rng.choice(["same", "thicker", "thinner"], p=[0.45, 0.35, 0.2])
    if kind == "thicker":
        r = int(round(rng.uniform(0.01, 0.04) * h))
    elif kind == "thinner":
        r = int(round(min(rng.uniform(0.2, 0.5) * thin, 0.03 * h)))
    else:
        r = 0
    if r < 1:
        return ink, "stroke=0"
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    ink = np.pad(ink, r + 1)
    if kind == "thicker":
        return cv2.dilate(ink, k), f"stroke=+{r / h:.3f}h"
    return cv2.erode(ink, k), f"stroke=-{r / h:.3f}h"


def _crop(ink: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(ink > 0.02)
    if len(ys) == 0:
        raise ValueError("the digit has no ink")
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _lighting(shape: tuple[int, int], rng: np.random.Generator, max_amount: float) -> tuple[np.ndarray, str]:
    """A multiplicative light field (1 = full light): flat, a linear gradient or a
    vignette, darkening by at most ``max_amount``."""
    h, w = shape
    kind = rng.choice(["flat", "gradient", "vignette"], p=[0.35, 0.4, 0.25])
    if kind == "flat" or max_amount < 0.05:
        return np.ones(shape, np.float32), "light=flat"
    a = float(rng.uniform(0.05, max_amount))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    yy, xx = yy / max(h - 1, 1), xx / max(w - 1, 1)
    if kind == "gradient":
        t = rng.uniform(0, 2 * np.pi)
        d = np.cos(t) * (xx - 0.5) + np.sin(t) * (yy - 0.5)
        d = (d - d.min()) / max(float(d.max() - d.min()), 1e-6)
        return (1.0 - a * d).astype(np.float32), f"light=gradient:{a:.2f}"
    cx, cy = rng.uniform(0.3, 0.7, size=2)
    r2 = (xx - cx) ** 2 + (yy - cy) ** 2
    return (1.0 - a * r2 / max(float(r2.max()), 1e-6)).astype(np.float32), f"light=vignette:{a:.2f}"


def _jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - cv2 fails only on invalid arrays
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def _layout(crop_hw: tuple[int, int], rng: np.random.Generator, thin_rel: float):
    """Sizes of the page: ``(final (H, W), capture (H, W), digit (h, w), scan height or
    None, margin name)``. ``thin_rel``: half the width of the thinnest strokes over the
    digit's height."""
    ch, cw = crop_hw
    aspect = 1.0 if rng.random() < 0.6 else float(rng.uniform(0.75, 1.35))  # page W / H
    margin = rng.choice(["fill", "normal", "small"], p=[0.25, 0.5, 0.25])
    f = {"fill": (0.8, 0.97), "normal": (0.45, 0.8), "small": (0.2, 0.45)}[margin]
    f = float(rng.uniform(*f))
    # The digit's width must fit too: f is the digit height over the page height.
    f = min(f, 0.97 * aspect * ch / max(cw, 1))
    # The final page's height, for both sides within 28…200 px.
    top, bottom = int(MAX_FINAL / max(1.0, aspect)), int(np.ceil(MIN_FINAL / min(1.0, aspect)))
    scan = None
    # Even the thinnest strokes ~0.8 px wide in a small scan, or a person cannot read
    # them (a serif font's hairlines): some fonts are only ever "photographed".
    low = max(8, int(np.ceil(0.4 / max(thin_rel, 1e-3))))
    if rng.random() < SMALL_SCAN and low <= 20:
        scan = int(rng.integers(low, 21))
        cap_h = max(scan + 2, int(round(scan / f)))
        final_h = int(rng.integers(max(bottom, cap_h), top + 1))
        cap = (cap_h, max(scan, int(round(cap_h * aspect))))
    else:
        need = max(12.0, 0.3 / max(thin_rel, 1e-3))  # the digit's height: 12 px, hairlines 0.6 px
        final_h = int(rng.integers(bottom, top + 1))
        final_h = max(final_h, min(top, int(np.ceil(need / f))))
        f = max(f, min(0.97, need / final_h))
        cap = (final_h, int(round(final_h * aspect)))
    final = (final_h, max(8, int(round(final_h * aspect))))
    dh = scan if scan is not None else max(4, int(round(f * cap[0])))
    dw = max(2, int(round(dh * cw / max(ch, 1))))
    if dw > cap[1] - 1:
        dw = cap[1] - 1
        dh = max(4, int(round(dw * ch / max(cw, 1))))
    return final, cap, (dh, dw), scan, str(margin)


def degrade(ink: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A degraded picture of the digit ``ink`` (``float32 (H, W)``, 1 = ink, rendered
    large — a few hundred px high): ``(uint8 gray image, description)``."""
    ink = np.clip(np.asarray(ink, np.float32), 0.0, 1.0)
    parts: list[str] = []
    ink, desc = change_strokes(_crop(ink), rng)
    ink = _crop(ink)
    parts.append(desc)
    thin, typical = (v / ink.shape[0] for v in stroke_half_widths(ink))
    final, cap, (dh, dw), scan, margin = _layout(ink.shape, rng, thin)
    # The digit on the capture page (the camera's or the scanner's pixels).
    mask = np.zeros(cap, np.float32)
    small = cv2.resize(ink, (dw, dh), interpolation=cv2.INTER_AREA)
    # Anywhere on the page, but not touching its edges (a person's crop keeps a rim).
    my, mx = (min((side - d) // 2, max(1, round(0.06 * dh))) for side, d in ((cap[0], dh), (cap[1], dw)))
    y = int(rng.integers(my, cap[0] - dh - my + 1))
    x = int(rng.integers(mx, cap[1] - dw - mx + 1))
    mask[y:y + dh, x:x + dw] = small
    parts.append(f"margin={margin}:{dh / cap[0]:.2f}")
    # Paper and ink levels.
    if rng.random() < LIGHT_ON_DARK:
        paper, ink_level, polarity = rng.uniform(0.0, 0.2), rng.uniform(0.7, 1.0), "light-on-dark"
    else:
        grey = rng.random() < 0.35
        paper = rng.uniform(0.55, 0.8) if grey else rng.uniform(0.82, 1.0)
        ink_level = rng.uniform(0.0, max(0.0, min(0.3, paper - 0.5)))
        polarity = "grey-paper" if grey else "white-paper"
    contrast = abs(paper - ink_level)
    light, ldesc = _lighting(cap, rng, min(0.4, 1.0 - MIN_CONTRAST / contrast))
    img = (paper * (1.0 - mask) + ink_level * mask) * light
    parts += [f"{polarity}:{paper:.2f}/{ink_level:.2f}", ldesc]
    # Camera blur, small next to the strokes; sensor noise, small next to the contrast.
    top_blur = min(1.5, 0.7 * typical * dh, 1.6 * thin * dh)  # 35 % of the strokes, 80 % of hairlines
    if rng.random() < 0.6 and top_blur > 0.3:
        sigma = float(rng.uniform(0.3, top_blur))
        img = cv2.GaussianBlur(img, (0, 0), sigma)
        parts.append(f"blur={sigma:.2f}")
    if rng.random() < 0.6:
        noise = float(rng.uniform(0.01, 0.1 * contrast))
        img = img + rng.normal(0.0, noise, img.shape).astype(np.float32)
        parts.append(f"noise={noise:.3f}")
    out = np.round(np.clip(img, 0.0, 1.0) * 255).astype(np.uint8)
    if scan is not None:
        nearest = rng.random() < 0.5
        interp = cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR
        out = cv2.resize(out, (final[1], final[0]), interpolation=interp)
        parts.insert(0, f"scan={scan}px->{final[1]}x{final[0]}:{'nearest' if nearest else 'linear'}")
    else:
        parts.insert(0, f"photo={final[1]}x{final[0]}")
    if rng.random() < 0.5:
        q = int(rng.integers(50 if min(final) < 48 else 30, 91))
        out = _jpeg(out, q)
        parts.append(f"jpeg={q}")
    return out, " ".join(parts)
