"""Time ``import_factories`` on a generated file of 100,000 factory rows.

Not a test: the figures depend on the machine. The goal (issue 11): the
100,000 rows import in under a minute on PostgreSQL on a 2-core machine,
and a second run, which finds every row unchanged, is faster still.

    make bench-imports             # 100,000 rows, PostgreSQL
    ROWS=20000 make bench-imports  # a smaller file

Uses DATABASE_URL (make bench-imports points it at a database of its own,
emptied of factories first).
"""

import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "betterwork_portal.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from buyers.models import CountryProgramme, Factory, Sourcing  # noqa: E402

ROWS = int(os.environ.get("ROWS", "100000"))


def generate(path: Path, rows: int) -> None:
    programmes = list(CountryProgramme.objects.values_list("name", flat=True))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "country_programme", "city", "address", "sector", "workers", "os_id"])
        for n in range(rows):
            writer.writerow(
                [
                    f"Benchmark Garment Factory {n:06d} Co., Ltd.",
                    programmes[n % len(programmes)],
                    f"City {n % 300}",
                    f"{n} Industrial Road",
                    "Garment",
                    100 + n % 5000,
                    f"BD{2000000 + n:07d}BENCHX" if n % 2 else "",
                ]
            )


def timed(label: str, path: Path) -> float:
    started = time.perf_counter()
    call_command("import_factories", str(path), verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"{label:<40} {elapsed:7.1f} s  ({ROWS / elapsed:,.0f} rows/s)")
    return elapsed


def main() -> None:
    call_command("migrate", verbosity=0)
    # Start from no factories, so that the first run creates every row.
    Sourcing.objects.all().delete()
    Factory.objects.filter(name__startswith="Benchmark Garment Factory").delete()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factories.csv"
        generate(path, ROWS)
        size = path.stat().st_size / 1024 / 1024
        print(f"import_factories on {ROWS:,} rows ({size:.1f} MB), database {django.db.connection.vendor}")
        first = timed("first run (every row created)", path)
        timed("second run (every row unchanged)", path)
    print(f"goal: under 60 s for 100,000 rows: {'met' if first < 60 * ROWS / 100000 else 'NOT met'}")


if __name__ == "__main__":
    main()
