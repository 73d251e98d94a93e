"""Speech-to-text: Whisper on CTranslate2 (int8, CPU), with domain prompting and hallucination guards.

Whisper is trained on 30 s windows; short commands are padded only to `min_window_s` (20 s by
default) instead, which makes the encoder cheaper on this hardware at no measured cost in accuracy
(see benchmarks/README.md). Silent or hallucinated output ("thanks for watching") is dropped.
Each word carries how sure the decoder was of it, so a write that rests on a doubtful number or
lift name can be confirmed first (assistant/doubt.py).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import ctranslate2
import numpy as np
import tokenizers
from faster_whisper.feature_extractor import FeatureExtractor
from faster_whisper.tokenizer import Tokenizer

from speech.audio import RATE, Samples

FRAMES_PER_S = 100
LOOP_ROUNDS = 3  # a clause said this many times in a row is a decoding loop, not speech
LOOPED = 0.1  # how sure a word of a loop counts as
LIKELIER = 1.1  # another word this many times likelier (all its spellings counted) gives another reading
BLOCKLIST = re.compile(
    r"^(thanks? (you )?for watching|thank you\.?|please subscribe|subscribe|bye\.?|you|\.+|"
    r"like and subscribe|see you (next time|in the next video)|music|applause)[.!]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Word:
    """A word as heard, and the probability of its least likely token."""

    text: str
    probability: float


@dataclass(frozen=True)
class Transcript:
    text: str
    no_speech_prob: float
    avg_logprob: float
    audio_s: float
    words: tuple[Word, ...] = ()
    alternative: Transcript | None = None  # decoded again from a word likelier in all its spellings

    @property
    def empty(self) -> bool:
        return not self.text


class Transcriber(Protocol):
    def transcribe(self, audio: Samples, prompted: bool = True) -> Transcript: ...


class WhisperTranscriber:
    """One loaded model, safe to share: calls are serialised (callers queue in a one-thread pool)."""

    def __init__(
        self,
        model_dir: Path,
        prompt: str = "",
        threads: int = 2,
        min_window_s: float = 20.0,
        beam_size: int = 1,
        no_speech_threshold: float = 0.6,
    ) -> None:
        self.model = ctranslate2.models.Whisper(
            str(model_dir), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
        )
        hf = tokenizers.Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer = Tokenizer(hf, True, task="transcribe", language="en")
        n_mels = 128 if self.model.n_mels == 128 else 80
        self.features = FeatureExtractor(feature_size=n_mels)
        self.min_frames = int(min_window_s * FRAMES_PER_S)
        self.beam_size = beam_size
        self.no_speech_threshold = no_speech_threshold
        self._lock = threading.Lock()
        self._spellings = Spellings(hf)
        self.set_prompt(prompt)

    def set_prompt(self, prompt: str) -> None:
        ids = self.tokenizer.encode(" " + prompt.strip()) if prompt.strip() else []
        self._prompt = [self.tokenizer.sot_prev, *ids[-200:]] if ids else []

    def transcribe(self, audio: Samples, prompted: bool = True) -> Transcript:
        """`prompted=False` listens without the domain prompt (a second opinion when the first made no sense)."""
        seconds = audio.size / RATE
        if audio.size < RATE // 10:
            return Transcript("", 1.0, 0.0, seconds)
        feats = self.features(audio.astype(np.float32))
        frames = feats.shape[1]
        target = min(3000, max(self.min_frames, (frames + 100 + 99) // 100 * 100))
        feats = feats[:, :target]
        if feats.shape[1] < target:
            feats = np.pad(feats, ((0, 0), (0, target - feats.shape[1])))
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(feats[None], dtype=np.float32))
        prompt = [*(self._prompt if prompted else []), *self.tokenizer.sot_sequence, self.tokenizer.no_timestamps]
        with self._lock:
            encoded = self.model.encode(view, to_cpu=False)
            result = self._decode(encoded, prompt)
            tokens, steps = self._tokens(result)
            other = self._other_reading(encoded, prompt, tokens, steps)
        score = float(result.scores[0]) if result.scores else 0.0
        avg_logprob = score / max(len(tokens) + 1, 1) if score < 0 else score
        no_speech = float(result.no_speech_prob)
        if BLOCKLIST.match(self.tokenizer.decode(tokens).strip()) or (
            no_speech > self.no_speech_threshold and avg_logprob < -1.0
        ):
            return Transcript("", no_speech, avg_logprob, seconds)
        alternative = None
        if other is not None:
            other_text, other_words = self._text(*other)
            alternative = Transcript(other_text, no_speech, avg_logprob, seconds, other_words)
        text, words = self._text(tokens, steps)
        return Transcript(text, no_speech, avg_logprob, seconds, words, alternative)

    def _text(self, tokens: list[int], steps: list[np.ndarray]) -> tuple[str, tuple[Word, ...]]:
        words = self._words(tokens, [self._spellings.probability(s, t) for s, t in zip(steps, tokens, strict=True)])
        return unloop(self.tokenizer.decode(tokens).strip(), words)

    def _other_reading(
        self, encoded: ctranslate2.StorageView, prompt: list[int], tokens: list[int], steps: list[np.ndarray]
    ) -> tuple[list[int], list[np.ndarray]] | None:
        """Greedy decoding takes the likeliest token, but a word spelled several ways can be likelier
        than that token's word ("lifting" 0.32 against "15" and " 15", 0.38 together): decode once more
        from that word on. Only a reading to offer; measured as no better to take unasked
        (benchmarks/README.md)."""
        for i, (step, token) in enumerate(zip(steps, tokens, strict=True)):
            likelier = self._spellings.likelier(step, token)
            if likelier is None:
                continue
            prefix = [*tokens[:i], likelier]
            again, later = self._tokens(self._decode(encoded, [*prompt, *prefix]))
            if again[: len(prefix)] == prefix:  # the forced words come back with the rest
                again, later = again[len(prefix) :], later[len(prefix) :]
            return [*prefix, *again], [*steps[: i + 1], *later]
        return None

    def _decode(
        self, features: ctranslate2.StorageView, prompt: list[int]
    ) -> ctranslate2.models.WhisperGenerationResult:
        return self.model.generate(
            features,
            [prompt],
            beam_size=self.beam_size,
            max_length=len(prompt) + 120,
            return_no_speech_prob=True,
            return_scores=True,
            return_logits_vocab=True,
            suppress_blank=True,
        )[0]

    def _tokens(self, result: ctranslate2.models.WhisperGenerationResult) -> tuple[list[int], list[np.ndarray]]:
        """The text tokens of a decoding, and each one's step logits."""
        tokens = [t for t in result.sequences_ids[0] if t < self.tokenizer.eot]
        return tokens, [np.asarray(step) for step in result.logits[0][: len(tokens)]]

    def _words(self, tokens: list[int], probabilities: list[float]) -> tuple[Word, ...]:
        """Tokens joined into words (a token that starts with a space starts a word); punctuation
        does not count toward a word's probability (Whisper is often unsure of a full stop)."""
        words: list[tuple[str, float]] = []
        for token, p in zip(tokens, probabilities, strict=True):
            piece = self.tokenizer.decode([token])
            p = p if any(c.isalnum() for c in piece) else 1.0
            if not words or piece.startswith(" "):
                words.append((piece, p))
            else:
                words[-1] = (words[-1][0] + piece, min(words[-1][1], p))
        return tuple(Word(w.strip(), round(p, 4)) for w, p in words if w.strip())


def unloop(text: str, words: tuple[Word, ...]) -> tuple[str, tuple[Word, ...]]:
    """Whisper stuck in a loop ("leg extension 3x5 at 270 lbs, leg extension 3x5 at 270 lbs, ...")
    said it once: keep one round, and doubt every word of it (LOOPED), so a write asks first."""
    clauses = [c.strip() for c in re.split(r"[,.]\s+", text.strip(" .,")) if c.strip()]
    for period in range(1, len(clauses) // LOOP_ROUNDS + 1):
        head = [c.lower() for c in clauses[:period]]
        rounds = [[c.lower() for c in clauses[i : i + period]] for i in range(0, len(clauses), period)]
        *whole, last = rounds  # the last round may be cut short where decoding stopped
        cut_short = all(head[k].startswith(c) for k, c in enumerate(last))
        long_enough = len(" ".join(head).split()) >= 3  # "8, 8, 8" is three sets, not a loop
        if long_enough and len(whole) >= LOOP_ROUNDS - 1 and all(r == head for r in whole) and cut_short:
            once = ", ".join(clauses[:period])
            kept = words[: len(once.split())]
            return once, tuple(Word(w.text, min(w.probability, LOOPED)) for w in kept)
    return text, words


class Spellings:
    """Which tokens spell the same word (" Face", "face", " face"; " dip" and " dips"), so a word's
    probability is not split between its spellings, and which spell the start of a longer word
    (" d" of " dips", continued as "ips")."""

    def __init__(self, hf: tokenizers.Tokenizer) -> None:
        self.keys: dict[str, int] = {}
        self.groups = np.empty(hf.get_vocab_size(), dtype=np.int64)
        self.words: list[str] = []
        self.spaced = np.zeros(self.groups.size, dtype=bool)
        for token in range(self.groups.size):
            piece = hf.decode([token])
            self.spaced[token] = piece.startswith(" ")
            word = _spelling(piece)
            self.groups[token] = self.keys.setdefault(word or f"#{token}", len(self.keys))
            if len(self.words) < len(self.keys):
                self.words.append(word)

    def probability(self, logits: np.ndarray, token: int) -> float:
        """The probability of `token`'s word at one decoding step, however it is spelled or split."""
        return self._weigh(logits, token)[0]

    def likelier(self, logits: np.ndarray, token: int) -> int | None:
        """A token of another word that, counting all its spellings, was clearly likelier than `token`'s
        word, spelled as `token` was (with or without a leading space); None when there is none."""
        chosen, p, by_group = self._weigh(logits, token)
        rival = int(np.argmax(by_group))
        if rival == self.groups[token] or by_group[rival] < LIKELIER * chosen or not self.words[rival].isalnum():
            return None
        members = [int(m) for m in np.flatnonzero(self.groups[: p.size] == rival)]
        spaced = [m for m in members if self.spaced[m] == self.spaced[token]] or members
        return max(spaced, key=lambda m: p[m])

    def _weigh(self, logits: np.ndarray, token: int) -> tuple[float, np.ndarray, np.ndarray]:
        row = logits.astype(np.float64).ravel()
        p = np.exp(row - row.max())
        p /= p.sum()
        n = min(p.size, self.groups.size)
        p = p[:n]
        by_group = np.bincount(self.groups[:n], weights=p, minlength=len(self.keys))
        group = int(self.groups[token])
        word = self.words[group]
        total = by_group[group]
        if word.isalpha():  # the word's beginnings, when a letter token began it
            starts = {self.keys[word[:k]] for k in range(1, len(word)) if word[:k] in self.keys}
            total += sum(by_group[g] for g in starts)
        return float(min(total, 1.0)), p, by_group


def _spelling(piece: str) -> str:
    word = piece.strip().lower()
    return word[:-1] if len(word) > 3 and word.isalpha() and word.endswith("s") else word
