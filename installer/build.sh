#!/usr/bin/env bash
# Build Equitone's desktop bundle for the machine this runs on (PyInstaller, one folder):
#
#   installer/build.sh
#
# Linux:   dist/equitone/ and dist/equitone-VERSION-linux-ARCH.tar.gz (install.sh inside)
# macOS:   dist/Equitone.app (and dist/equitone/)
# Windows: dist/equitone/ (Git Bash); then `iscc installer/windows/equitone.iss` makes the
#          installer dist/Equitone-VERSION-setup.exe
#
# On Debian/Ubuntu it first runs `installer/bootstrap.sh setup` (system libraries, .venv);
# elsewhere it expects a .venv with the project installed. PyInstaller comes from the
# project's `bundle` extra and is installed into .venv when missing. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if command -v dpkg-query >/dev/null 2>&1; then
  installer/bootstrap.sh setup
fi
python=.venv/bin/python
[ -x "$python" ] || python=.venv/Scripts/python.exe   # Windows venv layout
if [ ! -x "$python" ]; then
  echo "build.sh: no .venv; create one and run: pip install -e '.[bundle]'" >&2
  exit 1
fi
if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
  say "Installing PyInstaller into .venv (the project's [bundle] extra)"
  "$python" -m pip install --quiet --disable-pip-version-check -e ".[bundle]" 2>&1 \
    | grep -v "is ignored: it is neither" || true
  "$python" -c 'import PyInstaller' || { echo "build.sh: PyInstaller did not install" >&2; exit 1; }
fi

say "Building the bundle with PyInstaller $("$python" -m PyInstaller --version)"
started=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/equitone.spec
say "PyInstaller took $(( $(date +%s) - started )) s"

case "$(uname -s)" in
  Linux)
    tarball="$("$python" installer/linux/package.py --bundle dist/equitone \
      --icons build/icons --out dist)"
    say "Bundle:  dist/equitone  $(du -sh dist/equitone | cut -f1)"
    say "Tarball: $tarball  $(du -h "$tarball" | cut -f1)"
    say "Check it: dist/equitone/equitone --self-test"
    ;;
  Darwin)
    say "App: dist/Equitone.app  $(du -sh dist/Equitone.app | cut -f1)"
    ;;
  *)
    version="$("$python" -c 'import re,pathlib; print(re.search(r"__version__ = \"(.+?)\"", pathlib.Path("src/equitone/__init__.py").read_text()).group(1))')"
    say "Bundle: dist/equitone  $(du -sh dist/equitone | cut -f1)"
    say "Installer: iscc /DAppVersion=$version installer/windows/equitone.iss"
    ;;
esac
