"""What the import commands share: opening a file strictly, a progress
bar, and the rejected rows written beside the input."""

from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from buyers.imports.exporting import csv_bytes
from buyers.imports.reading import FileRefused, open_table


def open_checked(path: str, columns):
    """The file's table, its columns checked; a refusal is a CommandError
    that says why, and nothing is written."""
    file_path = Path(path)
    if not file_path.is_file():
        raise CommandError(f"No file at {path}.")
    stream = file_path.open("rb")
    try:
        table = open_table(stream, filename=file_path.name)
        columns.check(table.headers)
    except FileRefused as refused:
        stream.close()
        raise CommandError(f"{file_path.name}: {refused} Nothing was imported.") from refused
    return stream, table


def progress(path: str, table, stdout):
    """A progress bar over the file's rows (its line count, for CSV)."""
    total = None
    if table.format == "csv":
        with open(path, "rb") as counting:
            total = max(sum(chunk.count(b"\n") for chunk in iter(lambda: counting.read(1 << 20), b"")) - 1, 0)
    return tqdm(total=total, unit=" rows", file=stdout, mininterval=0.5, disable=not stdout.isatty())


def write_rejected(path: str, headers, rejected) -> Path | None:
    """Write the rejected rows, with their row number and reasons, to
    ``<input>.rejected.csv`` beside the input; ``None`` when there are none."""
    target = Path(path).with_name(Path(path).stem + ".rejected.csv")
    if not rejected:
        target.unlink(missing_ok=True)
        return None
    rows = ([row.number, problem.as_text(), *(row.values.get(h, "") for h in headers)] for row, problem in rejected)
    target.write_bytes(csv_bytes(["row", "problems", *headers], rows))
    return target
