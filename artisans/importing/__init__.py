"""Bulk import of artisans from CSV or XLSX (admin page and ``manage.py import_artisans``).

Two steps: ``plan_import`` (or ``check_import``, which also returns the checked plan to keep)
reads and checks the whole file and says what would happen (rows to create, to update,
unchanged, rejected, each rejection with line, column and reason) without writing anything;
``import_artisans`` plans again inside one transaction (or takes the kept plan when the
registry has not changed under it) and writes only when no row is rejected: all or nothing.
Rows are matched by civil number, so importing the same file twice creates nothing the second
time.

Every row passes the model's own ``full_clean()`` (the rules the admin form applies), with
reference data and existing artisans looked up in a few bulk queries, so 100,000 rows take
seconds rather than hours (bench/import_artisans.py).

The package follows the file's way through: ``reading`` (CSV/XLSX and the header row),
``rows`` (one parser per column), ``plan`` and ``report`` (what would happen), ``writers``
(ORM and COPY), ``checked`` (the preview's plan kept until the confirmation) and ``run`` (the
transaction around them). Callers use the names below.
"""

from artisans.importing.plan import plan_import
from artisans.importing.reading import ImportFileError, map_header, read_table
from artisans.importing.report import ImportReport, RowError, RowWarning
from artisans.importing.run import check_import, file_digest, import_artisans
from artisans.importing.writers import record_creation

__all__ = [
    "ImportFileError",
    "ImportReport",
    "RowError",
    "RowWarning",
    "check_import",
    "file_digest",
    "import_artisans",
    "map_header",
    "plan_import",
    "read_table",
    "record_creation",
]
