#!/usr/bin/env bash
# Resolve the desktop bundle's dependencies into installer/requirements-bundle.lock: every
# package pinned to one version with the SHA-256 of each of its files, for Linux, Windows and
# macOS alike (markers say which platform needs what). build.sh installs exactly this set,
# with pip's --require-hashes, into a fresh environment; nothing of the developer's .venv
# (test tools, linters) reaches the bundle.
#
#   installer/lock.sh                      re-resolve after pyproject.toml changed
#   installer/lock.sh --upgrade            take the newest versions pyproject.toml allows
#   installer/lock.sh --upgrade-package numpy
#
# The set is the project's own dependencies plus its `bundle` extra (PyInstaller) and its
# `postgres` extra (clinic mode ships in the bundle). Resolved for Python 3.12+, the versions
# the bundle is built with (PySide6 6.12 needs 3.12 or newer). uv does the resolving; it is
# installed into build/lock-tools on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
. installer/common.sh

tools=build/lock-tools
if [ ! -x "$tools/bin/uv" ]; then
  python_bin="$(pick_python 12)" || { echo "lock.sh: needs Python 3.12 or newer" >&2; exit 1; }
  say "Installing uv into $tools"
  "$python_bin" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check uv 2>&1 \
    | grep -v "is ignored: it is neither" || true
fi
"$tools/bin/uv" pip compile pyproject.toml --quiet \
  --extra bundle --extra postgres --universal --python-version 3.12 --generate-hashes \
  --no-header --output-file installer/requirements-bundle.lock "$@"
# A header of our own: uv's names the temporary paths it ran with.
{
  echo "# The desktop bundle's dependencies, hash-pinned. Made by installer/lock.sh; do not edit."
  echo "# Installed by installer/build.sh with: pip install --require-hashes --no-deps -r <this>"
  cat installer/requirements-bundle.lock
} > build/requirements-bundle.lock.new
mv build/requirements-bundle.lock.new installer/requirements-bundle.lock
say "installer/requirements-bundle.lock: $(grep -c '^[a-z]' installer/requirements-bundle.lock) packages"
