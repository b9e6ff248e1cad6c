"""Uploaded images (design views, nomination and visit photos): validation by content,
re-encoding and thumbnails (Pillow).

An upload is trusted for nothing — not its name, not its declared content type. Pillow must
recognise the bytes as JPEG, PNG or WebP, the pixel count must stay under the limit *before* the
pixels are decoded (a few kilobytes can declare a gigapixel image), the whole image must decode,
and what we store is our own re-encoding (no EXIF, GPS or embedded payloads) under a generated
name. Each failure gets its own message in the user's language.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from craftsreg.files import CheckedUploadField

# Pillow format name → (file extension, content type).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(ACCEPTED_FORMATS.values())
THUMBNAIL_SIZE = (320, 320)
JPEG_QUALITY = 88


def max_bytes() -> int:
    return settings.CRAFTSREG_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.CRAFTSREG_IMAGE_MAX_PIXELS


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "The image is %(width)s × %(height)s pixels; the largest accepted is "
            "%(limit)s megapixels."
        )
        % {"width": width, "height": height, "limit": f"{max_pixels() / 1_000_000:g}"},
        code="too_many_pixels",
    )


def validate_and_reencode(upload) -> ContentFile:
    """Check an uploaded file and return the image re-encoded, under a generated name.

    Raises ValidationError with a message that says what is wrong; stores nothing.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the largest accepted image is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        # Opening reads the header only; no pixel is decoded yet.
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        # Pillow's own guard (far above our limit) fired on the declared size.
        raise ValidationError(
            _("The image has far too many pixels to be accepted."), code="too_many_pixels"
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _(
                "This file is not an image we accept. Upload a JPEG, PNG or WebP image "
                "(the file's content is checked, not its name)."
            ),
            code="not_an_image",
        ) from None
    except Exception:  # Pillow raises many kinds of error on hostile headers.
        raise ValidationError(
            _("The image is damaged or incomplete and cannot be read."), code="corrupt"
        ) from None

    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Images in %(format)s format are not accepted. Upload a JPEG, PNG or WebP image.")
            % {"format": image.format},
            code="format",
        )
    source_format = image.format
    width, height = image.size
    if width * height > max_pixels():
        raise _too_many_pixels(width, height)
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except Exception:
        raise ValidationError(
            _("The image is damaged or incomplete and cannot be read."), code="corrupt"
        ) from None

    content = encode(image, source_format)
    extension = ACCEPTED_FORMATS[source_format][0]
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}")


def encode(image: Image.Image, image_format: str) -> bytes:
    """Our own encoding of ``image``: no metadata survives."""
    output = io.BytesIO()
    if image_format == "JPEG":
        image = _flatten(image)
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(output, "WEBP", quality=JPEG_QUALITY)
    return output.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def make_thumbnail(source) -> ContentFile:
    """A JPEG thumbnail (at most THUMBNAIL_SIZE) of an already validated stored image."""
    source.open("rb")
    try:
        with Image.open(source) as image:
            image.load()
            thumb = _flatten(ImageOps.contain(image, THUMBNAIL_SIZE))
    finally:
        source.close()
    output = io.BytesIO()
    thumb.save(output, "JPEG", quality=82, optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


class ReencodedImageField(CheckedUploadField):
    """A form field that accepts only a real JPEG/PNG/WebP image and gives back our re-encoding.

    Django's forms.ImageField also asks Pillow, but keeps the uploaded bytes and name.
    """

    accept = ",".join(content_type for _, content_type in ACCEPTED_FORMATS.values())

    def validate_upload(self, upload):
        return validate_and_reencode(upload)
