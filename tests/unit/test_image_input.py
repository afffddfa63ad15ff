"""Bad images give a clear InputError with a stable code, quickly; big ones are bounded and mapped back."""

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from multimodal.screen.image_input import load_image
from multimodal.protocols import InputError


def png_bytes(w, h, color=(30, 30, 30), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, fmt)
    return buf.getvalue()


def png_header_only(w, h):
    """A tiny file that declares a w x h canvas (a decompression bomb's header)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data, code", [
    (b"definitely not an image", "image-not-an-image"),
    (b"", "image-empty"),
    (png_bytes(1, 1), "image-too-small"),
    (png_header_only(10000, 10000), "image-too-large"),
    (png_bytes(1280, 720)[:400], "image-truncated"),
    (png_bytes(640, 360, fmt="JPEG")[:1200], "image-truncated"),
    (12345, "image-bad-type"),
])
def test_bad_images_are_clear_errors(data, code):
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        load_image(data)
    assert err.value.code == code and err.value.message
    assert time.perf_counter() - started < 5  # bounded, not a hang


def test_paths(tmp_path):
    with pytest.raises(InputError) as err:
        load_image(tmp_path / "missing.png")
    assert err.value.code == "image-not-found"
    with pytest.raises(InputError) as err:
        load_image(tmp_path)
    assert err.value.code == "image-not-an-image"
    path = tmp_path / "ok.png"
    path.write_bytes(png_bytes(320, 200))
    assert load_image(path).image.size == (320, 200)
    assert load_image(str(path)).scale == 1.0


def test_big_image_is_downscaled_and_boxes_map_back():
    big = Image.new("RGB", (4000, 2250), (0, 0, 0))
    loaded = load_image(big, max_side_px=1000)
    assert loaded.image.size == (1000, 562) or loaded.image.size == (1000, 563)
    assert (loaded.original_width, loaded.original_height) == (4000, 2250)
    x0, y0, x1, y1 = loaded.to_original((100, 50, 200, 100))
    assert abs(x0 - 400) <= 4 and abs(x1 - 800) <= 4 and abs(y0 - 200) <= 4 and abs(y1 - 400) <= 4


def test_modes_become_rgb():
    rgba = Image.new("RGBA", (100, 50), (255, 255, 255, 0))
    assert load_image(rgba).image.mode == "RGB"
    assert load_image(Image.new("L", (100, 50), 128)).image.mode == "RGB"
    assert load_image(Image.new("P", (100, 50))).image.mode == "RGB"
