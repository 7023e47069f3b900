"""Which columns an import takes, and the refusal when a file's header
does not name them (a missing, unknown, renamed or repeated column)."""

import difflib
from dataclasses import dataclass

from buyers.imports.reading import FileRefused


@dataclass(frozen=True)
class Columns:
    """The columns of one kind of file, in the order an export writes them."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.optional

    def check(self, headers: list[str]) -> None:
        """Refuse *headers* (normalised, ``buyers/imports/reading.py``) unless
        they name every required column and only known ones, once each."""
        expected = f"The columns are: {', '.join(self.all)} (required: {', '.join(self.required)})."
        named = [header for header in headers if header]
        if len(named) < len(headers) and any(not header for header in headers[: len(named)]):
            position = headers.index("") + 1
            raise FileRefused(f"Column {position} has no name in the first row. {expected}")
        repeated = sorted({header for header in named if named.count(header) > 1})
        if repeated:
            raise FileRefused(f"The column “{repeated[0]}” appears more than once. {expected}")
        unknown = [header for header in named if header not in self.all]
        missing = [column for column in self.required if column not in named]
        if unknown:
            hints = []
            for header in unknown:
                close = _likely_meant(header, missing) or difflib.get_close_matches(header, self.all, n=1, cutoff=0.6)
                hints.append(f"“{header}”" + (f" (did you mean “{close[0]}”?)" if close else ""))
            raise FileRefused(f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(hints)}. {expected}")
        if missing:
            raise FileRefused(
                f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(f'“{m}”' for m in missing)}. {expected}"
            )


def _likely_meant(header: str, missing: list[str]) -> list[str]:
    """The missing column a renamed one most likely was: "factory_name"
    for "name", "programme" for "country_programme"."""
    contained = [column for column in missing if column in header or header in column]
    return contained[:1] or difflib.get_close_matches(header, missing, n=1, cutoff=0.4)
