"""Import artisans from a CSV or XLSX file: the admin import, from the command line.

    python manage.py import_artisans FILE [--dry-run] [--governorate CODE] [--user USERNAME]
                                          [--confirm-duplicates]

Prints the same report as the admin preview. With --dry-run, or when any row is rejected,
nothing is written (exit status 1 when rows are rejected). Rows that may be artisans already
registered under another civil number are listed; the file is imported only with
--confirm-duplicates (exit status 1 otherwise).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from artisans import importing
from artisans.models import Governorate
from artisans.tabular import COLUMN_LABELS


class Command(BaseCommand):
    help = "Import artisans from a CSV (UTF-8) or XLSX file; see docs/import.md."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--governorate",
            metavar="CODE",
            help="Accept only artisans of this governorate (ISO code, e.g. OM-ZU).",
        )
        parser.add_argument(
            "--confirm-duplicates",
            action="store_true",
            help="Import rows listed as possible duplicates: they have been checked.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record this user as the author of the changes in the history.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(f"{path}: expected a .csv or .xlsx file.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error

        governorate = None
        if options["governorate"]:
            governorate = Governorate.objects.filter(code=options["governorate"].upper()).first()
            if governorate is None:
                raise CommandError(f"Unknown governorate code {options['governorate']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Unknown user {options['user']!r}.")

        report = importing.import_artisans(
            data=data,
            governorate=governorate,
            by=user,
            reason=f"import_artisans {path.name}",
            dry_run=options["dry_run"],
            duplicates_confirmed=options["confirm_duplicates"],
        )
        self.print_report(report)
        if not report.ok:
            raise CommandError("Nothing was written: correct the file and run the command again.")
        if report.needs_confirmation and not report.applied and not options["dry_run"]:
            raise CommandError(
                "Nothing was written: check the possible duplicates, then run the command "
                "again with --confirm-duplicates."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def print_report(self, report):
        if report.file_error:
            self.stderr.write(report.file_error)
            return
        verb = "" if report.applied else "to "
        self.stdout.write(
            f"{verb}create: {report.to_create}\n"
            f"{verb}update: {report.to_update}\n"
            f"unchanged: {report.unchanged}\n"
            f"rejected: {report.rejected}"
        )
        for error in report.errors:
            label = COLUMN_LABELS.get(error.column, error.column)
            self.stderr.write(
                f"line {error.line}, {error.column or '-'} ({label}): {error.message}"
            )
        if report.errors_not_shown:
            self.stderr.write(f"… and {report.errors_not_shown} more rejected rows.")
        for warning in report.warnings:
            numbers = ", ".join(warning.registration_numbers)
            self.stderr.write(
                f"line {warning.line}, {warning.column}: possible duplicate of {numbers}"
            )
        if report.warnings_not_shown:
            self.stderr.write(f"… and {report.warnings_not_shown} more possible duplicates.")
