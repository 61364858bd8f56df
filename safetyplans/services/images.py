"""Checking and re-encoding uploaded pictures (DESIGN rule 8).

The content decides, never the name or the browser's content type: Pillow must recognise a raster
image, its pixel count must stay under our cap *before* it is decoded (pixel bombs), and what we store
is a fresh PNG/JPEG we encoded ourselves — no metadata, no trailing payload, no SVG or HTML.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 10 MB phone photo is ~12–50 MP; a pixel bomb claims billions
MAX_SIDE = 3000  # drawings are shown and printed at A4: larger is only weight
ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP", "BMP", "MPO"}

# Pillow's own guard, as a second line behind our explicit check below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean_image(upload) -> CleanImage:
    """Return a re-encoded copy of an uploaded image, or raise ValidationError with a Dutch message."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB. Take a smaller photo or scan."))
    if size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB. Take a smaller photo or scan."))
    not_an_image = _("This file is not a picture we can accept. Upload a photo or scan (JPEG or PNG).")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise ValidationError(not_an_image)
                width, height = probe.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    raise ValidationError(_("This picture has too many pixels. Take a smaller photo or scan."))
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA", "P") and (image.mode != "P" or "transparency" in image.info)
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                if has_alpha or image.width * image.height < 200_000:
                    image.save(out, format="PNG", optimize=True)
                    content_type, extension = "image/png", "png"
                else:
                    image.save(out, format="JPEG", quality=88)
                    content_type, extension = "image/jpeg", "jpg"
                return CleanImage(out.getvalue(), content_type, extension, image.width, image.height)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("This picture has too many pixels. Take a smaller photo or scan.")) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            raise ValidationError(not_an_image) from None
