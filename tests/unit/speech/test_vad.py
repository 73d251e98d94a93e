"""The segmenter on made-up audio: silence is not speech; WebRTC's frame sizes only."""

from __future__ import annotations

import numpy as np
import pytest

from speech import Segmenter
from speech.audio import RATE


def test_silence_is_not_speech() -> None:
    seg = Segmenter()
    assert seg.feed(np.zeros(RATE * 2, dtype=np.float32)) == []
    assert not seg.speaking and seg.flush() == []


@pytest.mark.parametrize("frame_ms", [5, 25, 40])
def test_frames_other_than_10_20_or_30_ms_are_refused(frame_ms: int) -> None:
    with pytest.raises(ValueError):
        Segmenter(frame_ms=frame_ms)
