# Sourced by scripts/run and scripts/test: make .venv with Python 3.11 and
# install a requirements file into it, only when that file changed since the
# last install, so a second run starts in seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
    for candidate in python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 is needed (Django 5.2 LTS on Python 3.11); none was found on PATH." >&2
    return 1
}

ensure_venv() {
    local requirements="$1"
    if [ ! -x .venv/bin/python ]; then
        echo "==> Creating .venv"
        "$(find_python)" -m venv .venv
    fi
    local stamp=".venv/.installed-$(basename "$requirements")"
    local wanted
    wanted="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "==> Installing $requirements"
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -r "$requirements"
        echo "$wanted" >"$stamp"
    fi
    export PATH="$PWD/.venv/bin:$PATH"
}
