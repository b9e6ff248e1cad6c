"""What an import would do or did: counts and the rejected rows, kept on the ImportBatch as JSON
between the preview and the confirmation."""

from dataclasses import dataclass, field

from django.utils.translation import get_language

from artisans.tabular import COLUMN_LABELS


@dataclass
class RowError:
    line: int
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class RowWarning:
    """A row that may describe an artisan already registered (another civil number) or the
    same person as other rows of the file (``lines``)."""

    line: int
    column: str
    registration_numbers: list[str]
    lines: list[int] = field(default_factory=list)

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))

    @property
    def lines_label(self) -> str:
        """The other lines, listed the way the page's language lists (Arabic has its comma)."""
        separator = "، " if (get_language() or "").startswith("ar") else ", "
        return separator.join(str(line) for line in self.lines)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "registration_numbers": self.registration_numbers,
            "lines": self.lines,
        }


@dataclass
class ImportReport:
    """What an import would do (a preview) or did (once applied)."""

    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False
    # Rows that may be artisans already registered: the import needs an explicit confirmation.
    warnings: list[RowWarning] = field(default_factory=list)
    possible_duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.rejected

    @property
    def needs_confirmation(self) -> bool:
        return self.possible_duplicates > 0

    @property
    def warnings_not_shown(self) -> int:
        return max(0, self.possible_duplicates - len(self.warnings))

    @property
    def total(self) -> int:
        return self.to_create + self.to_update + self.unchanged + self.rejected

    @property
    def errors_not_shown(self) -> int:
        return max(0, self.rejected - len({e.line for e in self.errors}))

    def as_dict(self) -> dict:
        return {
            "to_create": self.to_create,
            "to_update": self.to_update,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
            "file_error": self.file_error,
            "applied": self.applied,
            "warnings": [w.as_dict() for w in self.warnings],
            "possible_duplicates": self.possible_duplicates,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        data = dict(data)
        errors = [RowError(**e) for e in data.pop("errors", [])]
        # Reports stored before warnings existed have none.
        warnings = [RowWarning(**w) for w in data.pop("warnings", [])]
        return cls(errors=errors, warnings=warnings, **data)
