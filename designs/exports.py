"""The rows of the public catalogue's downloads: one dict per design for the JSON file, and the
same values as CSV lines (through craftsreg.tabular) with headings in the page's language."""

from itertools import chain

from django.utils.translation import gettext as _

from designs.models import Design


def catalogue_row(design: Design, request) -> dict:
    """A deposited design as the open-data files give it (absolute addresses)."""
    image = design.primary_image
    return {
        "design_number": design.number,
        "title_ar": design.title_ar,
        "title_en": design.title_en,
        "description_ar": design.description_ar,
        "description_en": design.description_en,
        "product_kind": design.product_kind.name,
        "materials": [material.name for material in design.materials.all()],
        # As the classification writes it ("07"), so a spreadsheet keeps the leading zero.
        "locarno_class": f"{design.locarno_class.number:02d}",
        "locarno_subclass": design.locarno_subclass,
        "year_created": design.year_created,
        "creator": design.creator_public_name(),
        "holder": design.holder_public_name(),
        "certificate_number": design.certificate_number,
        "certificate_date": design.certificate_date.isoformat(),
        "batch": design.batch.number,
        "url": request.build_absolute_uri(design.get_absolute_url()),
        "image_url": request.build_absolute_uri(image.get_absolute_url()) if image else "",
    }


def _csv_columns() -> list[tuple[str, str]]:
    return [
        ("design_number", _("Design number")),
        ("title_ar", _("Title (Arabic)")),
        ("title_en", _("Title (English)")),
        ("description_ar", _("Description (Arabic)")),
        ("description_en", _("Description (English)")),
        ("product_kind", _("Product kind")),
        ("materials", _("Materials")),
        ("locarno_class", _("Locarno class")),
        ("locarno_subclass", _("Locarno subclass")),
        ("year_created", _("Year created")),
        ("creator", _("Creator")),
        ("holder", _("Holder")),
        ("certificate_number", _("Certificate number")),
        ("certificate_date", _("Certificate date")),
        ("batch", _("Batch")),
        ("url", _("Address")),
        ("image_url", _("Image")),
    ]


def catalogue_csv_rows(rows):
    """The header, then one line per ``catalogue_row`` (materials joined with " / ").

    The headings are translated here, when the view calls this, not later while the response
    streams.
    """
    columns = _csv_columns()  # not a generator function, so this runs now
    lines = (
        [" / ".join(row["materials"]) if key == "materials" else row[key] for key, _l in columns]
        for row in rows
    )
    return chain([[label for _key, label in columns]], lines)
