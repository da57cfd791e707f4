"""The one error type of the data layer, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in one place: file, record (feature/event/source), field."""

    file: str
    record: str | None  # e.g. 'feature 12 (id "nl-amsterdam-1")' or None for the whole file
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.record:
            where.append(self.record)
        if self.field:
            where.append(f'field "{self.field}"')
        return ", ".join(where) + ": " + self.message


class StationDataError(Exception):
    """The data files cannot be used as they are. ``problems`` lists every reason."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"- {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n- … and {more} more"
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data:\n{shown}")

    @classmethod
    def single(
        cls, file: Path | str, message: str, record: str | None = None, field: str | None = None
    ) -> StationDataError:
        return cls([DataProblem(str(file), record, field, message)])
