"""Turn a user's image (path, bytes or PIL image) into a bounded RGB image, or a clear InputError.

Screen readers work on a copy no larger than ``max_side_px``; ``LoadedImage.to_original``
maps boxes found on that copy back to the pixels of the image the user gave.

Error codes: ``image-bad-type``, ``image-not-found``, ``image-empty``, ``image-not-an-image``,
``image-truncated``, ``image-too-large``, ``image-too-small``.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multimodal.protocols import Box, ImageInput, InputError

# Refuse before decoding: a small file can declare a huge canvas (a decompression bomb).
MAX_PIXELS = 40_000_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MIN_SIDE_PX = 16
DEFAULT_MAX_SIDE_PX = 2048


@dataclass(frozen=True)
class LoadedImage:
    image: Any  # PIL.Image.Image, RGB, at most max_side_px on its longer side
    original_width: int
    original_height: int
    scale: float  # working pixels per original pixel (<= 1)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def to_original(self, box: Box) -> Box:
        """A box on the working copy -> the same box in the original image's pixels."""
        if self.scale == 1.0:
            return tuple(int(v) for v in box)  # type: ignore[return-value]
        fx = self.original_width / self.image.width
        fy = self.original_height / self.image.height
        x0, y0, x1, y1 = box
        return (max(0, int(x0 * fx)), max(0, int(y0 * fy)),
                min(self.original_width, int(round(x1 * fx))), min(self.original_height, int(round(y1 * fy))))


def _pil():
    try:
        from PIL import Image
    except ImportError as err:  # pragma: no cover - Pillow is a core dependency
        raise InputError("image-unsupported", "reading images needs Pillow: pip install pillow") from err
    return Image


def _open(image: ImageInput):
    Image = _pil()
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, (bytes, bytearray, memoryview)):
        data = bytes(image)
        if not data:
            raise InputError("image-empty", "the image is empty (0 bytes)")
        if len(data) > MAX_FILE_BYTES:
            raise InputError("image-too-large", f"the image file is {len(data) // 2**20} MB; the limit is "
                                                f"{MAX_FILE_BYTES // 2**20} MB")
        source: Any = io.BytesIO(data)
        name = "the image"
    elif isinstance(image, (str, Path)):
        path = Path(image)
        if not path.exists():
            raise InputError("image-not-found", f"no such image file: {path}")
        if not path.is_file():
            raise InputError("image-not-an-image", f"{path} is not a file")
        size = path.stat().st_size
        if size == 0:
            raise InputError("image-empty", f"{path.name} is empty (0 bytes)")
        if size > MAX_FILE_BYTES:
            raise InputError("image-too-large", f"{path.name} is {size // 2**20} MB; the limit is "
                                                f"{MAX_FILE_BYTES // 2**20} MB")
        source = path
        name = path.name
    else:
        raise InputError("image-bad-type", f"an image must be a file path, bytes or a PIL image, "
                                           f"got {type(image).__name__}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError("image-too-large", f"{name} declares too many pixels to decode safely "
                                            f"(limit {MAX_PIXELS // 1_000_000} megapixels)") from None
    except (Image.UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise InputError("image-not-an-image", f"{name} is not an image Pillow can read "
                                               f"(PNG, JPEG, WebP, BMP, GIF…)") from None


def _to_rgb(img):
    Image = _pil()
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        # Transparent pixels go on a backdrop that contrasts with the visible ones, so light
        # text on a transparent dark-theme screenshot stays readable.
        from PIL import ImageStat

        alpha = rgba.getchannel("A")
        mean = ImageStat.Stat(rgba.convert("L"), mask=alpha).mean[0] if alpha.getbbox() else 0.0
        backdrop = Image.new("RGB", rgba.size, (0, 0, 0) if mean > 128 else (255, 255, 255))
        backdrop.paste(rgba, mask=alpha)
        return backdrop
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        return img.point(lambda v: v / 256).convert("L").convert("RGB")
    return img.convert("RGB")


def load_image(image: ImageInput, max_side_px: int = DEFAULT_MAX_SIDE_PX) -> LoadedImage:
    """Open, check and bound an image; raise InputError with a stable code when it is unusable."""
    Image = _pil()
    img = _open(image)
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise InputError("image-too-large", f"the image is {width}x{height} = {width * height / 1e6:.0f} "
                                            f"megapixels; the limit is {MAX_PIXELS // 1_000_000}")
    if min(width, height) < MIN_SIDE_PX:
        raise InputError("image-too-small", f"the image is {width}x{height} pixels; a screenshot needs at "
                                            f"least {MIN_SIDE_PX} pixels on each side")
    try:
        img.seek(0)  # first frame of an animation
    except (EOFError, AttributeError, ValueError):
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img.load()
    except OSError as err:
        text = str(err).lower()
        if "truncated" in text or "broken" in text or "premature" in text:
            raise InputError("image-truncated", "the image file is truncated or corrupt (part of it is "
                                                "missing)") from None
        raise InputError("image-not-an-image", f"the image could not be decoded: {err}") from None
    except (ValueError, SyntaxError, Image.DecompressionBombError) as err:
        raise InputError("image-not-an-image", f"the image could not be decoded: {err}") from None
    from PIL import ImageOps

    try:
        img = ImageOps.exif_transpose(img)
    except Exception:  # a broken EXIF block must not lose a readable picture
        pass
    width, height = img.size
    rgb = _to_rgb(img)
    scale = 1.0
    if max(width, height) > max_side_px:
        scale = max_side_px / max(width, height)
        rgb = rgb.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS)
    return LoadedImage(rgb, width, height, scale)
