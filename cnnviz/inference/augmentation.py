"""Training-time augmentation: what to vary (a frozen :class:`Augmentation`) and the
named presets. The operations themselves are in :mod:`cnnviz.inference.augment_ops`
(``keras.ops``, any backend); this module imports neither Keras nor a backend, so a
training job can be checked before Keras loads.

Digits get small rotations, scaling, shear, shifts and random stroke width (dilation /
erosion), because digits drawn on the canvas are bolder and less regular than MNIST's;
Fashion-MNIST gets horizontal flips and small shifts. Augmentation runs during training
only and is never part of the saved model.
"""
from __future__ import annotations

from dataclasses import dataclass

from cnnviz.inference.datasets import canonical_name


class AugmentationError(ValueError):
    """An unknown augmentation name."""


@dataclass(frozen=True)
class Augmentation:
    rotation_deg: float = 0.0
    scale: float = 0.0            # ± relative zoom
    aspect: float = 0.0           # ± relative x/y stretch
    shear: float = 0.0            # ± shear factor
    shift_px: float = 0.0         # ± pixels in x and y
    flip_horizontal: bool = False
    stroke: bool = False          # random dilation / erosion (stroke width)
    elastic: float = 0.0          # ± pixels of a smooth random displacement field
    low_res: float = 0.0          # probability of a downsample-then-upsample (low resolution)
    blur: float = 0.0             # probability of a Gaussian blur (σ 0.5…1.5 px)
    erase: float = 0.0            # probability of erasing a random rectangle
    clean: float = 0.0            # probability that a sample is left as it is

    @property
    def enabled(self) -> bool:
        return bool(self.geometric or self.flip_horizontal or self.stroke or self.elastic
                    or self.low_res or self.blur or self.erase)

    @property
    def geometric(self) -> bool:
        return bool(self.rotation_deg or self.scale or self.aspect or self.shear or self.shift_px)


DIGIT_AUGMENTATION = Augmentation(rotation_deg=12.0, scale=0.12, aspect=0.06, shear=0.12,
                                  shift_px=2.5, stroke=True)
# Gentler digit augmentation, for fine-tuning a model trained with DIGIT_AUGMENTATION.
DIGIT_LIGHT_AUGMENTATION = Augmentation(rotation_deg=8.0, scale=0.08, aspect=0.04, shear=0.08,
                                        shift_px=2.0, stroke=True)
# Digits from anyone: on top of DIGIT_AUGMENTATION, stronger slant and aspect, elastic
# distortion (handwriting's wobble), low resolution (small scans enlarged) and blur; a
# quarter of each batch stays clean so that MNIST itself is not forgotten.
DIGIT_ROBUST_AUGMENTATION = Augmentation(rotation_deg=12.0, scale=0.12, aspect=0.10, shear=0.18,
                                         shift_px=2.0, stroke=True, elastic=1.6,
                                         low_res=0.3, blur=0.25, clean=0.25)
FASHION_AUGMENTATION = Augmentation(shift_px=2.0, flip_horizontal=True, scale=0.05, erase=0.5)
NO_AUGMENTATION = Augmentation()
NAMES = ("auto", "none", "digits", "digits_light", "digits_robust", "fashion")
PRESETS = {"digits": DIGIT_AUGMENTATION, "digits_light": DIGIT_LIGHT_AUGMENTATION,
           "digits_robust": DIGIT_ROBUST_AUGMENTATION, "fashion": FASHION_AUGMENTATION}


def default_augmentation(dataset: str) -> Augmentation:
    return DIGIT_AUGMENTATION if canonical_name(dataset) == "mnist" else FASHION_AUGMENTATION


def resolve_augmentation(augment, dataset_name: str) -> Augmentation:
    """An :class:`Augmentation` from a name in :data:`NAMES`, a bool or an Augmentation."""
    if augment is None or augment is False:
        return NO_AUGMENTATION
    if augment is True or augment == "auto":
        return default_augmentation(dataset_name)
    if isinstance(augment, Augmentation):
        return augment
    if augment in ("none", "off"):
        return NO_AUGMENTATION
    if augment in PRESETS:
        return PRESETS[augment]
    raise AugmentationError(f"unknown augmentation {augment!r} (use {', '.join(NAMES)})")
