"""What an import would do or did: counts and the rejected rows, kept on the ImportBatch as JSON
between the preview and the confirmation."""

from dataclasses import dataclass, field

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
class ImportReport:
    """What an import would do (a preview) or did (once applied)."""

    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.rejected

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
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        data = dict(data)
        errors = [RowError(**e) for e in data.pop("errors", [])]
        return cls(errors=errors, **data)
