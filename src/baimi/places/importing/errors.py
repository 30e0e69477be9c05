from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One reason a file was rejected: where (file and line) and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"


class ImportRejected(Exception):
    """The whole file was rejected; nothing was written. ``errors`` lists every bad row found."""

    MAX_SHOWN = 50

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = [str(e) for e in errors[: self.MAX_SHOWN]]
        if len(errors) > self.MAX_SHOWN:
            shown.append(f"… and {len(errors) - self.MAX_SHOWN} more")
        super().__init__(
            f"rejected, nothing imported ({len(errors)} problem{'s' if len(errors) != 1 else ''}):\n"
            + "\n".join(shown)
        )
