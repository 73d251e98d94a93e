"""The web app in headless Chromium: sign up, hold to talk (a fake microphone plays a recording), see the set."""

from __future__ import annotations

import uuid
import wave
from pathlib import Path

import numpy as np
import pytest

from speech.audio import decode, float_to_pcm16
from tests.e2e.browser import CHROMIUM, chromium

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make install adds it)")


def microphone(tmp_path: Path) -> Path:
    """The fixture with silence around it, as the fake capture device plays it."""
    speech = decode(AUDIO / "bench_135_for_10.wav")
    # long silence after the words: the fake device loops the file, and one utterance is wanted
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 8, np.float32)])
    path = tmp_path / "mic.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(float_to_pcm16(audio))
    return path


async def test_push_to_talk_logs_a_set_and_the_page_shows_it(server: str, tmp_path: Path) -> None:
    async with chromium(microphone(tmp_path)) as page:
        await page.call("Page.navigate", url=server + "/")
        await page.wait_for("document.readyState === 'complete' && !!document.getElementById('email')")
        email = f"web-{uuid.uuid4().hex[:8]}@example.com"
        await page.js(f"document.getElementById('email').value = '{email}'")
        await page.js("document.getElementById('password').value = 'web-password-1'")
        await page.js("document.getElementById('register').click()")
        await page.wait_for("!document.getElementById('app').hidden")
        assert await page.js("document.getElementById('who').textContent") == email

        await page.js("window.spotter.startTalking()")
        # the recording plays; the server's VAD ends the utterance in the silence after the words
        heard = await page.wait_for("document.getElementById('heard').textContent", within_s=30)
        await page.js("window.spotter.stopTalking()")
        assert "135" in heard
        row = await page.wait_for(
            "document.querySelector('#today li') && document.querySelector('#today li').textContent"
        )
        assert "Bench Press" in row and "10 reps" in row and "135" in row

        await page.js("document.getElementById('chat').value = 'same again'")
        await page.js("document.getElementById('chat-form').requestSubmit()")
        await page.wait_for("document.querySelectorAll('#today li').length === 2")
        assert await page.wait_for("document.querySelectorAll('#chart circle').length >= 1")

        await page.js("document.getElementById('link').click()")
        code_text = await page.wait_for("document.getElementById('link-code').textContent")
        assert "/start " in code_text and "LINK " in code_text
