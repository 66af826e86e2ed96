"""Which step positions an animated walkthrough shows: every one, or evenly thinned to
a frame budget (always the empty start and the last step)."""
from __future__ import annotations

import numpy as np

MAX_FRAMES = 150


def frame_positions(n_steps: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Positions ``-1 … n_steps-1`` (empty output, then each step); evenly thinned to at
    most ``max_frames`` frames, always keeping the first and the last."""
    positions = list(range(-1, n_steps))
    if len(positions) <= max_frames:
        return positions
    idx = np.unique(np.round(np.linspace(0, len(positions) - 1, max_frames)).astype(int))
    return [positions[i] for i in idx]
