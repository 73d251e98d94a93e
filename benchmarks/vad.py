"""Voice activity detection on the shared audio set, as a live stream would feed it.

    .venv/bin/python benchmarks/vad.py [--aggressiveness 0,1,2,3] [--end-ms 300,500,800]

Each file is played in 20 ms frames with its own background (its first 250 ms) continuing for
two seconds before and after, like a gym that does not go quiet. Counts files cut into exactly one
utterance, utterances clipped at the start (less than 100 ms of lead-in kept) and the delay from
the end of the words to the end-of-speech event.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from speech import Segmenter, SpeechEnded, WebRtcVad
from speech.audio import RATE, decode, float_to_pcm16

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "audio-dev"


def last_voiced_sample(audio: np.ndarray) -> int:
    """Where the words end: the last 30 ms frame a lenient VAD calls speech."""
    vad, step = WebRtcVad(1), RATE * 30 // 1000
    pcm = float_to_pcm16(audio)
    last = 0
    for start in range(0, audio.size - step + 1, step):
        if vad.is_speech(pcm[start * 2 : (start + step) * 2], RATE):
            last = start + step
    return last


def run(aggressiveness: int, end_ms: int) -> str:
    items = [json.loads(line) for line in (SHARED / "manifest.jsonl").read_text().splitlines() if line.strip()]
    single = 0
    delays: list[float] = []
    for item in items:
        audio = decode(SHARED / item["file"])
        background = audio[: RATE // 4]
        before = np.tile(background, 8)
        stream = np.concatenate([before, audio, np.tile(background, 8)])
        words_end = before.size + last_voiced_sample(audio)
        seg = Segmenter(vad=WebRtcVad(aggressiveness), end_silence_ms=end_ms)
        ended = []
        for i in range(0, stream.size, RATE // 50):
            for event in seg.feed(stream[i : i + RATE // 50]):
                if isinstance(event, SpeechEnded):
                    ended.append((i + RATE // 50, event))
        single += len(ended) == 1
        if ended:
            delays.append((ended[-1][0] - words_end) / RATE)
    p50 = statistics.median(delays) if delays else float("nan")
    return f"| {aggressiveness} | {end_ms} | {single}/{len(items)} | {p50:.2f} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--aggressiveness", default="1,2,3")
    ap.add_argument("--end-ms", default="300,500,800")
    a = ap.parse_args()
    print("| aggressiveness | end window ms | one utterance per file | end-of-words → event, p50 s |")
    print("|---|---|---|---|")
    for agg in (int(x) for x in a.aggressiveness.split(",")):
        for end in (int(x) for x in a.end_ms.split(",")):
            print(run(agg, end), flush=True)


if __name__ == "__main__":
    main()
