#!/usr/bin/env bash
# Make .venv: Python 3.10 (Rasa 3.6 runs on nothing newer) with the pinned
# packages of requirements.lock. The environment is built once per hash of
# the lock file in $SAMEN_CACHE and linked as .venv, so a fresh clone on the
# same machine (CI) reuses it; a no-op when nothing changed. It is built
# under a lock and marked complete at the end, so that two checkouts
# installing at once never use or remove each other's half-built environment.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${SAMEN_CACHE:-$HOME/.cache/samen}"
lock_hash=$(sha256sum requirements.lock | cut -c1-16)
venv="$cache/venv-$lock_hash"

find_python310() {
    local candidate
    if command -v pyenv >/dev/null 2>&1; then
        candidate=$(ls -d "$(pyenv root)"/versions/3.10*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
        [ -n "$candidate" ] && { echo "$candidate"; return; }
    fi
    for candidate in python3.10 "$HOME/.pyenv/versions/3.10"*/bin/python; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
            command -v "$candidate"; return
        fi
    done
    return 1
}

build() {
    [ -f "$venv/.complete" ] && return
    python=$(find_python310) || {
        echo "error: Samen needs Python 3.10 (Rasa 3.6 does not run on newer versions)." >&2
        echo "Install it with pyenv:  pyenv install 3.10   (or your system's python3.10 package)" >&2
        exit 1
    }
    echo "creating $venv with $python" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade "pip==24.3.1" "setuptools==70.3.0" "wheel==0.45.1"
    "$venv/bin/pip" install --quiet -r requirements.lock
    "$venv/bin/pip" check
    touch "$venv/.complete"
}

mkdir -p "$cache"
exec 9>"$cache/.install.lock"
flock 9
build
flock -u 9
if [ "$(readlink .venv 2>/dev/null)" != "$venv" ]; then
    rm -rf .venv
    ln -s "$venv" .venv
fi
