"""A photo of an exercise, imported from a file: checked, scaled down, stripped of metadata.

What a clinic's camera or phone writes can be large, carry the place it was taken and the
patient's face in a thumbnail, or be no image at all. Only PNG and JPEG are read; the file
is refused before its pixels are decoded when it is too big on disk or claims too many
pixels (a "decompression bomb": a few kilobytes that unpack to gigabytes); a truncated or
damaged file is refused when decoded. What is kept is the picture itself, turned upright
(the camera's orientation tag applied), at most MAX_SIDE pixels on its long side, re-encoded
as a new JPEG (or PNG for a drawing with few colours) with no metadata at all: no EXIF, no
GPS, no embedded thumbnail, no colour profile, no comments.

Pillow decodes: it is already installed with reportlab, guards against decompression bombs,
and reads the two formats without Qt (services must not import it).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from equitone.errors import NotFoundError, ValidationError
from equitone.storage.files import FileProblemError, read_bounded

MAX_FILE_BYTES = 25 * 1024 * 1024  # a 50-megapixel JPEG is about 20 MB
MAX_PIXELS = 60_000_000  # declared width × height; more is refused before decoding
MAX_SIDE = 1200  # pixels on the long side of what is stored: sharp on a card and a screen
JPEG_QUALITY = 85
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class Photo:
    data: bytes
    media_type: str
    width: int
    height: int


def _refuse(path: Path, why: str) -> ValidationError:
    return ValidationError(f"{path.name} cannot be used as a photo: {why}.")


def read_photo(path: Path) -> Photo:
    """The photo at ``path``, ready to store; a one-line ValidationError otherwise."""
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise NotFoundError(f"The file {path} does not exist.") from None
    except FileProblemError as problem:
        raise _refuse(path, str(problem)) from None
    return prepare_photo(raw, path)


def prepare_photo(raw: bytes, path: Path = Path("the file")) -> Photo:
    """Checked, upright, scaled and re-encoded bytes of a PNG or JPEG (see the module)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not raw:
        raise _refuse(path, "it is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=tuple(FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > 30_000:
                raise _refuse(path, f"it is {width} × {height} pixels, more than a photo of "
                                    "an exercise needs (at most 60 megapixels)")
            image.load()  # decode now: a truncated file fails here, not later
            upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except UnidentifiedImageError:
        raise _refuse(path, "it is not a PNG or JPEG image") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(path, "it unpacks to far more pixels than a photo of an exercise needs "
                             "(at most 60 megapixels)") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated, damaged, bad header
        raise _refuse(path, f"it is damaged or incomplete ({_short(exc)})") from None
    return _encoded(upright)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:80]


def _encoded(image: object) -> Photo:
    from PIL import Image

    assert isinstance(image, Image.Image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        flat = Image.new("RGB", image.size, (255, 255, 255))  # paper is white
        rgba = image.convert("RGBA")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size)  # a fresh image: nothing of the file's info travels
    clean.paste(image)
    jpeg = io.BytesIO()
    clean.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data, media = jpeg.getvalue(), "image/jpeg"
    if len(clean.getcolors(256) or ()) > 0:  # a drawing or diagram: PNG keeps it crisp
        png = io.BytesIO()
        clean.save(png, "PNG", optimize=True)
        if len(png.getvalue()) < len(data):
            data, media = png.getvalue(), "image/png"
    return Photo(data, media, clean.width, clean.height)
