"""Abuse of image input (``multimodal.screen.image_input.load_image``): images in every Pillow mode and
format (animated GIF, CMYK JPEG, 16-bit PNG, palettes), truncated or bit-flipped files, PNG headers that
declare a huge or zero-sized canvas, random bytes, and paths with the wrong extension.

Property: the answer is a bounded RGB image, or an ``InputError`` with one of the documented codes;
never another exception.
"""

from __future__ import annotations

import io
import struct
import zlib

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from multimodal.protocols import InputError
from multimodal.screen.image_input import DEFAULT_MAX_SIDE_PX, LoadedImage, load_image
from tests.abuse import SHARED_FIXTURE, abuse_settings, run_counted

IMAGE_CODES = {"image-bad-type", "image-not-found", "image-empty", "image-not-an-image", "image-truncated",
               "image-too-large", "image-too-small", "image-unsupported"}
MODES = ["1", "L", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F", "LA", "PA", "YCbCr", "LAB", "HSV"]
FORMATS = ["PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF", "ICO", "PPM", "TGA"]


def encoded(mode: str, size: tuple[int, int], fmt: str, frames: int) -> bytes | None:
    """``mode`` at ``size`` saved as ``fmt`` (None when Pillow cannot write that combination)."""
    img = Image.linear_gradient("L").resize(size).convert(mode) if mode not in ("LAB", "HSV") else \
        Image.new(mode, size)
    buf = io.BytesIO()
    try:
        if frames > 1 and fmt in ("GIF", "WEBP", "PNG"):
            more = [Image.new(mode, size) for _ in range(frames - 1)]
            img.save(buf, fmt, save_all=True, append_images=more, duration=50, loop=0)
        else:
            img.save(buf, fmt)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return buf.getvalue()


def png_header(width: int, height: int, bit_depth: int = 8, colour: int = 2) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` and whose data is one tiny deflated block."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@st.composite
def image_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["image", "image", "image", "header", "random", "magic"]))
    if kind == "header":
        side = st.sampled_from([0, 1, 15, 16, 17, 2048, 65535, 100_000, 2**31 - 1, 2**32 - 1])
        return png_header(draw(side), draw(side), draw(st.sampled_from([1, 8, 16, 3])), draw(st.sampled_from([0, 2, 3, 6, 5])))
    if kind == "random":
        return draw(st.binary(min_size=0, max_size=800))
    if kind == "magic":
        return draw(st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"BM", b"RIFF\x00\x00\x00\x00WEBP",
                                     b"II*\x00", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.4"])) + bytes(40)
    size = (draw(st.sampled_from([1, 8, 16, 33, 300, 3000])), draw(st.sampled_from([1, 16, 20, 200, 2500])))
    data = encoded(draw(st.sampled_from(MODES)), size, draw(st.sampled_from(FORMATS)), draw(st.sampled_from([1, 1, 3])))
    if data is None:
        data = encoded("RGB", size, "PNG", 1)
    damage = draw(st.sampled_from(["none", "cut", "flip"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    elif damage == "flip":
        buf = bytearray(data)
        for at in draw(st.lists(st.integers(0, len(buf) - 1), min_size=1, max_size=4)):
            buf[at] ^= 0xA5
        data = bytes(buf)
    return data


def check_loaded(loaded: LoadedImage) -> None:
    assert loaded.image.mode == "RGB"
    assert max(loaded.width, loaded.height) <= DEFAULT_MAX_SIDE_PX and min(loaded.width, loaded.height) >= 1
    assert 0 < loaded.scale <= 1.0


def outcome(source) -> None:
    try:
        loaded = load_image(source)
    except InputError as err:
        assert err.code in IMAGE_CODES, f"undocumented code {err.code!r}: {err.message}"
        assert err.message.strip()
    else:
        check_loaded(loaded)


def test_image_input_gives_a_bounded_rgb_image_or_a_coded_error(tmp_path_factory):
    folder = tmp_path_factory.mktemp("abuse-images")

    def prop(tally):
        @abuse_settings("image-bytes", suppress_health_check=SHARED_FIXTURE)
        @given(data=image_bytes(), as_path=st.sampled_from([None, "shot.png", "shot.jpg", "shot.gif", "shot.txt", "shot"]))
        def check(data, as_path):
            tally.add((data, as_path))
            if as_path is None:
                outcome(data)
            else:
                path = folder / f"{len(tally.seen)}-{as_path}"
                path.write_bytes(data)
                outcome(str(path))

        check()

    run_counted("image-bytes", prop)
