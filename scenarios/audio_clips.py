"""The library's voice clips: made with Debian espeak-ng, 16 kHz mono 16-bit WAV, under 100 KB.

Regenerate with ``python -m scenarios.audio_clips`` (needs espeak-ng; pypinyin for Mandarin).
Beside each clip, ``<clip>.wav.txt`` holds its words: the `fake` ASR backend reads it, so the
library's audio scenarios also run without a speech model (``--asr fake``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from multimodal.paths import ASSETS_DIR

AUDIO_DIR = ASSETS_DIR / "audio"
SAMPLE_RATE_HZ = 16000
MAX_BYTES = 100_000


@dataclass(frozen=True)
class Clip:
    name: str
    lang: str  # zh | en | "" for silence
    text: str
    speed_wpm: int = 150


CLIPS = (
    # The polite "please" is there for the recogniser: Whisper base heard a bare leading "set" as
    # "and" in espeak's voice. Mandarin is not here: Whisper base did not recognise espeak-ng's
    # Mandarin (either voice) in tests on this machine, so it would test espeak, not the cockpit.
    Clip("en_set_temperature_21.wav", "en", "please set the temperature to twenty one degrees", 180),
    Clip("en_next_song.wav", "en", "please play the next song"),
    Clip("en_open_sunroof.wav", "en", "please open the sunroof"),
    Clip("en_mute.wav", "en", "please mute the music"),
    Clip("silence.wav", "", ""),
)


def _pinyin(text: str) -> str:
    # espeak-ng's plain cmn voice mispronounces many characters; its pinyin voice reads TONE3 syllables.
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


def make_clip(clip: Clip, out_dir: Path = AUDIO_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / clip.name
    if not clip.text:
        with wave.open(str(path), "wb") as w:  # digital silence, 1.5 s
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE_HZ)
            w.writeframes(b"\x00\x00" * int(1.5 * SAMPLE_RATE_HZ))
    else:
        if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
            raise RuntimeError("making clips needs espeak-ng and sox: apt-get install espeak-ng sox")
        voice, words = ("cmn-latn-pinyin", _pinyin(clip.text)) if clip.lang == "zh" else ("en-us", clip.text)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(clip.speed_wpm), "-w", str(raw), words], check=True)
            # Trim espeak's leading/trailing silence (keeps clips small), then 16 kHz mono 16-bit.
            subprocess.run(["sox", str(raw), "-r", str(SAMPLE_RATE_HZ), "-c", "1", "-b", "16", str(path),
                            "silence", "1", "0.05", "0.5%", "reverse", "silence", "1", "0.05", "0.5%", "reverse",
                            "pad", "0.2", "0.2"], check=True)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise RuntimeError(f"{path.name} is {size} bytes; keep clips under {MAX_BYTES}")
    path.with_name(path.name + ".txt").write_text(clip.text + "\n", encoding="utf-8")
    return path


def main() -> int:
    for clip in CLIPS:
        path = make_clip(clip)
        print(f"{path} {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
