"""The layout holds: one concept per module, and the files the code cites
exist. The import contracts themselves are .importlinter's, run by
scripts/lint (docs/architecture.md)."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# "About 400 lines": a module past this has become two concepts.
MOST_LINES = 420
# A path the code cites in double backticks, e.g. ``partnerships/constants.py``.
CITED_PATH = re.compile(r"``((?:betterwork_portal|buyers|partnerships|docs|templates|tests|scripts)/[\w/.-]+)``")


def _tracked_python_modules() -> list[Path]:
    listed = subprocess.run(  # noqa: S603 - a fixed git command
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if "/migrations/" not in name and (ROOT / name).exists()]


MODULES = _tracked_python_modules()


def test_the_module_list_is_not_empty():
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_no_module_outgrows_one_concept(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it into a package by concept"


def test_every_path_the_code_cites_exists():
    cited = {
        (str(path.relative_to(ROOT)), target)
        for path in MODULES
        for target in CITED_PATH.findall(path.read_text(encoding="utf-8"))
    }
    assert cited, "no citation found: the pattern is wrong"
    missing = sorted((source, target) for source, target in cited if not (ROOT / target.rstrip("/")).exists())
    assert missing == []
