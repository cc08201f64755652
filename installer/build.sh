#!/usr/bin/env bash
# Build Equitone's desktop packages for the machine this runs on (PyInstaller, one folder):
#
#   installer/build.sh [--out DIR]        (DIR defaults to dist)
#
# Linux:   DIR/equitone/                              the bundle
#          DIR/equitone-VERSION-linux-ARCH.tar.xz     per-user install (install.sh inside)
#          DIR/equitone_VERSION_ARCH.deb              Debian/Ubuntu package (on Debian hosts)
#          DIR/equitone-VERSION-SHA256SUMS            checksums (sha256sum -c)
# macOS:   DIR/Equitone.app, then installer/macos/release.sh (signing, notarisation, DMG)
# Windows: DIR/equitone/ (Git Bash); then installer/windows/release.sh makes the installer
#          with Inno Setup (signed when a certificate is given, see docs/packaging.md)
#
# Every build starts from a fresh environment (build/bundle-env) holding exactly the
# hash-pinned installer/requirements-bundle.lock, so nothing of a developer's .venv reaches
# the bundle and two builds of one commit contain the same files. On Debian/Ubuntu the tools
# it needs (objdump, dpkg-shlibdeps, xz, Qt's libraries for the icons) come from apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
. installer/common.sh

out=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
version="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/equitone/__init__.py)"
# Archive and package timestamps come from the commit, not from the clock.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
export SOURCE_DATE_EPOCH

if [ "$(uname -s)" = Linux ]; then
  apt_install_missing "${qt_runtime[@]}" binutils dpkg-dev xz-utils
fi

# -- a clean environment from the lock file -------------------------------------------------
python_bin="$(pick_python 12)" || { echo "build.sh: needs Python 3.12 or newer" >&2; exit 1; }
env_dir=build/bundle-env
say "Fresh build environment from installer/requirements-bundle.lock ($("$python_bin" --version))"
rm -rf "$env_dir"
"$python_bin" -m venv "$env_dir"
python="$env_dir/bin/python"
[ -x "$python" ] || python="$env_dir/Scripts/python.exe"   # Windows venv layout
"$python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
  --only-binary :all: -r installer/requirements-bundle.lock 2>&1 \
  | grep -v "is ignored: it is neither" || true
"$python" -m pip check >/dev/null || { "$python" -m pip check >&2; exit 1; }

# -- the bundle ----------------------------------------------------------------------------
say "Building the bundle with PyInstaller $("$python" -m PyInstaller --version)"
started=$(date +%s)
rm -rf build/pyinstaller "$out/equitone" "$out/Equitone.app"
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$out" --workpath build/pyinstaller installer/equitone.spec
say "PyInstaller took $(( $(date +%s) - started )) s"

case "$(uname -s)" in
  Linux)
    "$python" installer/linux/glibc_floor.py "$out/equitone" --wheels "$env_dir"
    glibc="$("$python" installer/linux/glibc_floor.py --wheels "$env_dir")"
    rm -f "$out"/equitone-*-linux-*.tar.* "$out"/equitone_*.deb "$out"/equitone-*-SHA256SUMS
    tarball="$("$python" installer/linux/package.py --bundle "$out/equitone" \
      --icons build/icons --out "$out" --glibc "$glibc")"
    artefacts=("$(basename "$tarball")")
    if command -v dpkg-deb >/dev/null 2>&1 && command -v dpkg-shlibdeps >/dev/null 2>&1; then
      deb="$("$python" installer/linux/deb.py --version "$version" --bundle "$out/equitone" \
        --icons build/icons --out "$out")"
      artefacts+=("$(basename "$deb")")
    else
      say "No dpkg-deb/dpkg-shlibdeps here: no .deb (install dpkg-dev)"
    fi
    sums="equitone-$version-SHA256SUMS"
    (cd "$out" && sha256sum "${artefacts[@]}" > "$sums")
    say "Bundle:  $out/equitone  $(du -sh "$out/equitone" | cut -f1)"
    for file in "${artefacts[@]}" "$sums"; do say "         $out/$file  $(du -h "$out/$file" | cut -f1)"; done
    say "Check it: $out/equitone/equitone --self-test"
    ;;
  Darwin)
    say "App: $out/Equitone.app  $(du -sh "$out/Equitone.app" | cut -f1)"
    say "Sign, notarise and wrap it: installer/macos/release.sh $out/Equitone.app"
    ;;
  *)
    say "Bundle: $out/equitone  $(du -sh "$out/equitone" | cut -f1)"
    say "Installer: installer/windows/release.sh (Inno Setup; signs when a certificate is given)"
    ;;
esac
