"""Uploaded files the product keeps: where they are stored and how they are served.

Every stored file — design images and thumbnails, certificate scans, nomination and visit photos —
is private by default. ``MEDIA_ROOT`` is never mounted at ``MEDIA_URL`` (not even in development),
so a file leaves the server only through a view of the app that owns it, after that app's
permission rule has said yes. This module is the one place that turns a stored file into a
response (same logging of a missing file, same cache headers everywhere) and the one place that
names new files. It imports no app.
"""

import io
import logging
import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Extension → content type of every kind of file we store. Images are only ever our own
# re-encodings (craftsreg.images); PDFs are checked by content before they are stored.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    # Exports and import reports written by background jobs (jobs.files), always downloads.
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")

# A public file (a deposited design's picture, an announced winner's photo) may sit in shared
# caches for a day; a private one only in the user's own browser, briefly, and never in a proxy.
PUBLIC_CACHE = "public, max-age=86400"
PRIVATE_CACHE = "private, max-age=300"
# A download (an export of the registry) holds personal data: no copy is kept anywhere.
DOWNLOAD_CACHE = "private, no-store"


def upload_path(folder: str, filename: str, *, extensions=IMAGE_EXTENSIONS) -> str:
    """A new file's name under ``folder``: a random one, never the uploader's.

    Only the extension survives, and only if it is one we store; otherwise the first of
    ``extensions``. The random name also means a stored file's address cannot be guessed.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in extensions:
        extension = extensions[0]
    return f"{folder.strip('/')}/{uuid.uuid4().hex}.{extension}"


# Scanned documents (certificates): a multi-page scan is larger than a photo.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Active content has no place in a scanned certificate; a PDF whose dictionaries name it is
# refused. Stream bodies are skipped first: compressed bytes can spell "/JS" by chance.
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile)(?![A-Za-z0-9])")


def validate_document(upload) -> ContentFile:
    """A scanned document (PDF, or a JPEG/PNG/WebP image), judged by its content.

    Images are re-encoded (craftsreg.images); a PDF is kept as uploaded if it starts and ends
    like a PDF and carries no scripts, launch actions or attachments. Raises ValidationError
    with a message that says what is wrong; stores nothing.
    """
    from craftsreg.images import validate_and_reencode

    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted scan is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)},
            code="too_large",
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        try:
            return validate_and_reencode(upload)
        except ValidationError as error:
            if error.code != "not_an_image":
                raise
            raise ValidationError(
                _(
                    "This file is neither a PDF nor an image we accept. Upload the scan as a "
                    "PDF, JPEG, PNG or WebP file (the file's content is checked, not its name)."
                ),
                code="not_a_document",
            ) from None
    data = upload.read()
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("The PDF is damaged or incomplete and cannot be read."), code="corrupt"
        )
    if _PDF_ACTIVE.search(_PDF_STREAM.sub(b"", data)):
        raise ValidationError(
            _(
                "The PDF contains scripts, actions or attached files; scan the certificate "
                "again or print it to a plain PDF."
            ),
            code="active_content",
        )
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


def extension_of(field_file) -> str:
    name = field_file.name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def serve_private_file(
    field_file,
    *,
    public: bool = False,
    download_name: str | None = None,
    as_attachment: bool = False,
) -> FileResponse:
    """The stored file as a response, once the caller's permission rule has allowed it.

    ``download_name`` names the file for the browser; ``as_attachment`` makes it a download
    (never shown in the browser, never cached) rather than a picture or document to view.

    A row whose file is gone from storage (a restore without media, a manual deletion) is an
    operator's problem: logged as an error, and a plain 404 for the user.
    """
    content_type = CONTENT_TYPES.get(extension_of(field_file))
    if content_type is None and as_attachment:
        # A download is saved, never displayed: an unknown kind is just bytes.
        content_type = "application/octet-stream"
    if content_type is None:
        # Only the kinds above are ever shown in a browser; anything else is not ours to show.
        raise Http404("No such file.")
    try:
        handle = field_file.open("rb")
    except (OSError, ValueError):
        logger.error("Stored file missing: %s", field_file.name)
        raise Http404("File missing.") from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=download_name or "",
    )
    if as_attachment:
        response["Cache-Control"] = DOWNLOAD_CACHE
    else:
        response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    if not download_name and not as_attachment:
        response["Content-Disposition"] = "inline"
    return response


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose "currently" link goes to the product's own view, not to MEDIA_URL.

    The form sets ``widget.file_url`` to the view's address for an existing file; without it
    the current file is named but not linked (there is no public address to link to).
    """

    template_name = "craftsreg/widgets/private_file_input.html"
    file_url: str = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["file_url"] = self.file_url
        return context


class CheckedUploadField(forms.FileField):
    """A form field for a private upload, judged by its content and not by its name or type.

    A subclass names the content types the file input offers (``accept``); its
    ``validate_upload`` returns what is stored, or raises ValidationError with a message in the
    user's language.
    """

    accept = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PrivateFileInput(attrs={"accept": self.accept}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return self.validate_upload(upload)

    def validate_upload(self, upload):
        raise NotImplementedError


class ScannedDocumentField(CheckedUploadField):
    """A scanned document (a certificate, a copy of an ID card): PDF or image, judged by its
    content (``validate_document``)."""

    accept = "application/pdf,image/jpeg,image/png,image/webp"

    def validate_upload(self, upload):
        return validate_document(upload)
