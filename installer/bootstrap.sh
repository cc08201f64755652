#!/usr/bin/env bash
# One command to get from a fresh Debian machine (Python, no display) to a running Equitone.
#
#   installer/bootstrap.sh app   [equitone args…]   install everything, launch the app
#   installer/bootstrap.sh test  [pytest args…]     install everything, run the whole test suite
#   installer/bootstrap.sh setup                     install everything, run nothing (build.sh)
#
# Installs the system libraries Qt needs (and, for the tests, Xvfb, poppler-utils, qpdf,
# PostgreSQL and the packaging tools) with apt-get when they are missing, picks a
# Python/PySide6 pairing that works (PySide6 6.12 on Python <= 3.11 aborts; we prefer
# Python >= 3.12, and pyproject.toml caps PySide6 below 6.12 on 3.11), makes .venv and
# installs the project into it.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  app|test|setup) shift ;;
  *) echo "usage: $0 app|test|setup [args…]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
root="$(pwd)"

. installer/common.sh

# -- system packages ---------------------------------------------------------------------
# postgresql: the tests run the storage, service and CLI suites on a throwaway cluster too.
# The packaging checks: appstream and desktop-file-utils validate the menu entry and the
# metainfo; dpkg-dev (dpkg-shlibdeps), binutils (objdump), xz-utils and debootstrap (a bare
# system to install into) serve the slow bundle tests.
test_tools=(xvfb xauth poppler-utils qpdf postgresql appstream desktop-file-utils dpkg-dev
  binutils xz-utils debootstrap)
wanted=("${qt_runtime[@]}" xvfb xauth)
[ "$mode" = test ] && wanted+=("${test_tools[@]}")
apt_install_missing "${wanted[@]}"

# -- Python ------------------------------------------------------------------------------
python_bin="$(pick_python 11)" || { echo "Equitone needs Python 3.11 or newer." >&2; exit 1; }

venv="$root/.venv"
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
  say "Creating .venv with $("$python_bin" --version)"
  if ! "$python_bin" -m venv "$venv" 2>/dev/null; then
    # Debian's own python3 keeps venv/ensurepip in a separate package.
    sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -qq python3-venv >/dev/null
    "$python_bin" -m venv "$venv"
  fi
fi

# Reinstall only when the project's metadata (or the extras wanted) changed.
extras="test,postgres"  # postgres: psycopg + keyring, so clinic mode runs and is tested
stamp="$venv/.equitone-install-stamp"
want="$( (cat pyproject.toml setup.py; echo "$extras") | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Installing Equitone and its dependencies into .venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[$extras]" 2>&1 \
    | grep -v "is ignored: it is neither" || true
  "$venv/bin/python" -c 'import equitone, PySide6, sqlalchemy' \
    || { echo "Installation failed." >&2; exit 1; }
  echo "$want" > "$stamp"
fi

# -- run -----------------------------------------------------------------------------------
[ "$mode" = setup ] && exit 0
if [ "$mode" = app ]; then
  # An editable install is not byte-compiled by pip; compiled modules start noticeably faster.
  "$venv/bin/python" -m compileall -q src >/dev/null 2>&1 || true
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    say "No display found: starting Equitone on a virtual screen (Xvfb)."
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$venv/bin/equitone" "$@"
  fi
  exec "$venv/bin/equitone" "$@"
fi

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
say "Running the test suite"
exec "$venv/bin/python" -m pytest "$@"
