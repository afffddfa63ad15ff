"""ASR evaluation: CER for Chinese, WER for English, real-time factor and latency.

Manifest: JSON lines ``{"file", "transcript", "language"}`` with ``file`` relative to the
manifest (other keys are ignored). ``language`` may be a locale (``zh-CN`` counts as ``zh``).

Normalisation, applied identically to reference and hypothesis before scoring:
- Unicode NFKC (full-width letters, digits and punctuation become half-width), lower case;
- Chinese: Traditional -> Simplified (OpenCC t2s), Arabic numbers -> Chinese numerals
  (``22`` -> 二十二), then every character that is not a letter or digit is dropped and CER is
  computed over the remaining characters (spaces too are dropped; Chinese has none);
- English: Arabic numbers -> words (``22`` -> twenty two, ``2.5`` -> two point five; integers
  from a million on digit by digit), hyphens split words,
  apostrophes are removed (``don't`` -> dont), all other punctuation dropped; WER over words.

Edit distances come from jiwer over the normalised tokens. Scores are corpus-level (total edits /
total reference units over all files of a language), as in the usual ASR toolkits; per-file values are in ``by_file``. RTF = total processing time /
total audio duration; latency is wall time per file (decode + VAD + recognition), model loading
excluded (reported as ``load_ms``).
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from multimodal.protocols import InputError, Transcriber
from multimodal.stats import percentile
from multimodal.text.zh_convert import to_simplified
from multimodal.text.zh_numbers import spell_numbers


class ManifestError(ValueError):
    """The manifest cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ManifestItem:
    file: str  # as written in the manifest (the key of the predictions file)
    path: Path
    transcript: str
    lang: str  # zh | en


@dataclass
class FileResult:
    file: str
    lang: str
    reference: str
    hypothesis: str
    errors: int
    ref_units: int
    rate: float  # CER for zh, WER for en
    duration_s: float
    latency_ms: float
    error_code: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class EvalReport:
    n: int
    n_zh: int
    n_en: int
    cer_zh: float | None
    wer_en: float | None
    rtf: float | None
    p50_ms: float | None
    p95_ms: float | None
    load_ms: float
    audio_s: float
    by_file: list[FileResult]
    backend: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("cer_zh", "wer_en", "rtf"):
            if out[key] is not None:
                out[key] = round(out[key], 4)
        for key in ("p50_ms", "p95_ms", "load_ms", "audio_s"):
            if out[key] is not None:
                out[key] = round(out[key], 1)
        for row in out["by_file"]:
            row["rate"] = round(row["rate"], 4)
            row["latency_ms"] = round(row["latency_ms"], 1)
            row["duration_s"] = round(row["duration_s"], 3)
            row["timings"] = {k: round(v, 1) for k, v in row["timings"].items()}
        return out


# ------------------------------------------------------------------ manifest
def base_lang(code: str) -> str:
    return str(code).strip().lower().replace("_", "-").split("-")[0]


def load_manifest(path: str | Path) -> list[ManifestItem]:
    path = Path(path)
    if not path.is_file():
        raise ManifestError(f"no manifest at {path}")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise ManifestError(f"{path}:{number}: not valid JSON ({err.msg})") from None
        if not isinstance(row, dict):
            raise ManifestError(f"{path}:{number}: expected a JSON object")
        missing = [k for k in ("file", "transcript", "language") if not isinstance(row.get(k), str)]
        if missing:
            raise ManifestError(f"{path}:{number}: missing or non-text key(s) {', '.join(missing)}")
        lang = base_lang(row["language"])
        if lang not in ("zh", "en"):
            raise ManifestError(f"{path}:{number}: language {row['language']!r} is neither Chinese nor English")
        audio = (path.parent / row["file"]).resolve()
        if not audio.is_file():
            raise ManifestError(f"{path}:{number}: audio file {row['file']} not found next to the manifest")
        items.append(ManifestItem(row["file"], audio, row["transcript"], lang))
    if not items:
        raise ManifestError(f"{path} has no entries")
    return items


# ------------------------------------------------------------------ normalisation
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def int_to_english(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" " + int_to_english(rest) if rest else "")
    if n < 1_000_000:
        rest = n % 1000
        return int_to_english(n // 1000) + " thousand" + (" " + int_to_english(rest) if rest else "")
    return " ".join(_ONES[int(d)] for d in str(n))


def normalize_en(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 -> 1000
    text = re.sub(r"(\d+)\.(\d+)", lambda m: f"{m.group(1)} point " + " ".join(m.group(2)), text)
    text = re.sub(r"\d+", lambda m: " " + int_to_english(int(m.group())) + " ", text)
    text = text.replace("'", "").replace("’", "").replace("-", " ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return text.split()


def normalize_zh(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = spell_numbers(to_simplified(text))
    return [ch for ch in text if ch.isalnum()]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance over tokens (substitutions + deletions + insertions), from jiwer.

    Tokens never hold whitespace (both normalisers split it away), so joining them with spaces
    hands jiwer the same token sequences; jiwer refuses an empty side, which costs its length.
    """
    if not ref or not hyp:
        return len(ref) + len(hyp)
    import jiwer

    out = jiwer.process_words(" ".join(ref), " ".join(hyp))
    return out.substitutions + out.deletions + out.insertions


def score(reference: str, hypothesis: str, lang: str) -> tuple[int, int]:
    """(edits, reference units): characters for zh, words for en."""
    norm = normalize_zh if lang == "zh" else normalize_en
    ref, hyp = norm(reference), norm(hypothesis)
    return edit_distance(ref, hyp), len(ref)


# ------------------------------------------------------------------ running
def evaluate(transcriber: Transcriber, items: Iterable[ManifestItem], use_manifest_lang: bool = False,
             progress: Callable[[Iterable], Iterable] | None = None,
             audio_for: Callable[[ManifestItem], Any] | None = None) -> EvalReport:
    """Transcribe every item and score it. Language is detected unless ``use_manifest_lang``.

    ``audio_for(item)`` gives what is transcribed instead of the item's file (e.g. a decoded clip
    with noise mixed in); the time it takes is not counted in the item's latency.
    """
    items = list(items)
    load_ms = 0.0
    if hasattr(transcriber, "load"):
        load_ms = float(transcriber.load() or 0.0)  # keep model loading out of per-file latency
    results: list[FileResult] = []
    for item in (progress(items) if progress else items):
        code, timings, duration_s = None, {}, 0.0
        t0 = time.perf_counter()
        try:
            audio = item.path
            if audio_for:
                audio = audio_for(item)
                t0 = time.perf_counter()
            transcript = transcriber.transcribe(audio, lang=item.lang if use_manifest_lang else None)
            hypothesis, duration_s, timings = transcript.text, transcript.duration_s, dict(transcript.timings)
        except InputError as err:
            hypothesis, code = "", err.code
        latency_ms = (time.perf_counter() - t0) * 1000
        edits, units = score(item.transcript, hypothesis, item.lang)
        results.append(FileResult(item.file, item.lang, item.transcript, hypothesis, edits, units,
                                  edits / units if units else float(edits > 0), duration_s, latency_ms, code,
                                  timings))
    return summarize(results, load_ms, getattr(transcriber, "info", lambda: None)())


def summarize(results: list[FileResult], load_ms: float = 0.0, info=None) -> EvalReport:
    def corpus_rate(lang: str) -> float | None:
        rows = [r for r in results if r.lang == lang]
        if not rows:
            return None
        units = sum(r.ref_units for r in rows)
        return sum(r.errors for r in rows) / units if units else float(any(r.errors for r in rows))

    audio_s = sum(r.duration_s for r in results)
    processed_ms = sum(r.latency_ms for r in results if r.error_code is None)
    latencies = [r.latency_ms for r in results]
    return EvalReport(
        n=len(results), n_zh=sum(r.lang == "zh" for r in results), n_en=sum(r.lang == "en" for r in results),
        cer_zh=corpus_rate("zh"), wer_en=corpus_rate("en"),
        rtf=(processed_ms / 1000) / audio_s if audio_s else None,
        p50_ms=statistics.median(latencies) if latencies else None,
        p95_ms=percentile(latencies, 95) if latencies else None,
        load_ms=load_ms, audio_s=audio_s, by_file=results,
        backend=info.to_dict() if info is not None else {})


def write_predictions(results: Iterable[FileResult], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps({"file": r.file, "text": r.hypothesis}, ensure_ascii=False) + "\n")
