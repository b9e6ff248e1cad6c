"""The image validation catalogue: what is accepted, what is refused and with which message."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from craftsreg.images import validate_and_reencode
from designs.tests.factories import image_bytes


def upload(content: bytes, name="picture.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(content: bytes, name="picture.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_and_reencode(upload(content, name))
    return error.value


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_accepted_and_re_encoded(fmt, extension):
    result = validate_and_reencode(upload(image_bytes(fmt), name="Holiday photo.bmp"))
    # The stored name is generated, with the extension of the real format — never the upload's.
    assert result.name.endswith(f".{extension}")
    assert "Holiday" not in result.name
    assert len(result.name) == 32 + 1 + len(extension)
    with Image.open(io.BytesIO(result.read())) as reopened:
        assert reopened.format == fmt
        assert reopened.size == (40, 30)


def test_metadata_is_stripped_by_re_encoding():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = {2: (23.0, 35.0, 0.0)}  # GPS latitude
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert b"SecretCameraMaker" in original
    result = validate_and_reencode(upload(original)).read()
    assert b"SecretCameraMaker" not in result
    with Image.open(io.BytesIO(result)) as reopened:
        assert not reopened.getexif()


def test_a_text_file_renamed_jpg_is_refused():
    error = refused(b"This is not a picture at all, just text.\n" * 20, name="design.jpg")
    assert error.code == "not_an_image"
    assert "JPEG, PNG or WebP" in error.messages[0]


def test_a_pdf_renamed_png_is_refused():
    error = refused(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", name="design.png")
    assert error.code == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused_by_name(fmt):
    error = refused(image_bytes(fmt), name="design.jpg")
    assert error.code == "format"
    assert fmt in error.messages[0]


def test_a_truncated_jpeg_is_refused_as_damaged():
    content = image_bytes("JPEG", size=(400, 300), colour=(10, 200, 90))
    error = refused(content[: len(content) // 2])
    assert error.code == "corrupt"
    assert "damaged" in error.messages[0]


def test_an_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.CRAFTSREG_IMAGE_MAX_BYTES = 1000
    content = image_bytes("PNG", size=(200, 200))
    content = content + b"\0" * (1001 - len(content)) if len(content) <= 1000 else content
    error = refused(content, name="big.png")
    assert error.code == "too_large"
    assert "1000" in error.messages[0] or "KB" in error.messages[0]


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.CRAFTSREG_IMAGE_MAX_PIXELS = 100 * 100
    error = refused(image_bytes("JPEG", size=(101, 100)))
    assert error.code == "too_many_pixels"
    assert "101 × 100" in error.messages[0]
    validate_and_reencode(upload(image_bytes("JPEG", size=(100, 100))))


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous picture (a decompression bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (100_000, 100_000)])
def test_a_decompression_bomb_is_refused_before_decoding(width, height):
    content = _png_declaring(width, height)
    assert len(content) < 200
    error = refused(content, name="bomb.png")
    assert error.code == "too_many_pixels"


def test_messages_are_given_in_arabic_to_arabic_users():
    from django.utils import translation

    with translation.override("ar"):
        error = refused(b"plain text", name="design.jpg")
    assert error.messages[0].startswith("هذا الملف ليس صورة مقبولة")
