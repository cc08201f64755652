#!/usr/bin/env bash
# Install Equitone for the current user (no root, no Python needed), from the unpacked tarball:
#
#   ./install.sh                 install or upgrade
#   ./install.sh --uninstall     remove the program, menu entry and icons (never your data)
#   ./install.sh --check         install, then run `equitone --self-test`
#
# Where things go (XDG_DATA_HOME defaults to ~/.local/share):
#   ~/.local/opt/equitone/                      the program (this bundle's app/ folder)
#   ~/.local/bin/equitone                       symlink to it, for the command line
#   $XDG_DATA_HOME/applications/org.equitone.Equitone.desktop
#   $XDG_DATA_HOME/icons/hicolor/<size>/apps/org.equitone.Equitone.{png,svg}
# Every file placed is listed in ~/.local/opt/equitone/.installed, which --uninstall follows.
# The clinic's database lives elsewhere (~/.local/share/Equitone) and is never touched here.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
action=install
check=0
for arg in "$@"; do
  case "$arg" in
    --uninstall) action=uninstall ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
prefix="$HOME/.local/opt/equitone"
bin_dir="$HOME/.local/bin"
manifest="$prefix/.installed"
app_id="org.equitone.Equitone"

refresh_caches() {  # optional: menus pick the files up without these, only later
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
  fi
}

uninstall() {
  if [ ! -d "$prefix" ]; then
    echo "Equitone is not installed in $prefix."
    return 0
  fi
  if [ -f "$manifest" ]; then
    while IFS= read -r path; do
      # Only what we placed: files and symlinks outside the program folder.
      case "$path" in "$prefix"/*) continue ;; esac
      if [ -L "$path" ] || [ -f "$path" ]; then rm -f -- "$path"; fi
    done < "$manifest"
  fi
  rm -rf -- "$prefix"
  refresh_caches
  echo "Equitone removed. Your clinic data in ${data_home}/Equitone was left in place."
}

# Debian/Ubuntu package names for the system libraries Qt loads (PLATFORM.md).
package_for() {
  case "$1" in
    libEGL.so*) echo libegl1 ;; libGL.so*|libGLX.so*|libOpenGL.so*) echo libgl1 ;;
    libfontconfig.so*) echo libfontconfig1 ;; libfreetype.so*) echo libfreetype6 ;;
    libxkbcommon-x11.so*) echo libxkbcommon-x11-0 ;; libxkbcommon.so*) echo libxkbcommon0 ;;
    libxcb-cursor.so*) echo libxcb-cursor0 ;; libxcb-icccm.so*) echo libxcb-icccm4 ;;
    libxcb-image.so*) echo libxcb-image0 ;; libxcb-keysyms.so*) echo libxcb-keysyms1 ;;
    libxcb-render-util.so*) echo libxcb-render-util0 ;; libxcb-shape.so*) echo libxcb-shape0 ;;
    libxcb-util.so*) echo libxcb-util1 ;; libxcb-xkb.so*) echo libxcb-xkb1 ;;
    libX11-xcb.so*|libX11.so*) echo libx11-6 ;; libdbus-1.so*) echo libdbus-1-3 ;;
    libglib-2.0.so*) echo libglib2.0-0 ;;
    libxcb-*.so*) echo "${1%%.so*}0" ;;
    *) echo "$1" ;;
  esac
}

check_system_libraries() {
  command -v ldd >/dev/null 2>&1 || return 0
  local qt="$prefix/_internal/PySide6/Qt" missing=() lib
  for so in "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6Gui.so.6"; do
    [ -f "$so" ] || continue
    while read -r lib; do
      [ -n "$lib" ] && missing+=("$(package_for "$lib")")
    done < <(LD_LIBRARY_PATH="$prefix/_internal:$qt/lib" ldd "$so" 2>/dev/null \
               | awk '/not found/ {print $1}')
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    echo "Note: this system lacks libraries Equitone's window needs. On Debian/Ubuntu:"
    echo "    sudo apt-get install ${missing[*]} fonts-dejavu-core"
  fi
}

install() {
  [ -x "$here/app/equitone" ] || { echo "install.sh: run me from the unpacked Equitone folder" >&2; exit 1; }
  mkdir -p "$HOME/.local/opt" "$bin_dir" "$data_home/applications"
  [ -d "$prefix" ] && uninstall >/dev/null
  # Copy beside the target, then rename: an interrupted copy never leaves half a program.
  rm -rf -- "$prefix.new"
  cp -a "$here/app" "$prefix.new"
  cp "$here/install.sh" "$prefix.new/install.sh"
  mv -- "$prefix.new" "$prefix"
  : > "$manifest"

  ln -sfn "$prefix/equitone" "$bin_dir/equitone"
  echo "$bin_dir/equitone" >> "$manifest"

  local desktop="$data_home/applications/$app_id.desktop"
  sed -e "s|^Exec=.*|Exec=\"$prefix/equitone\"|" -e "s|^TryExec=.*|TryExec=$prefix/equitone|" \
    "$here/share/applications/$app_id.desktop" > "$desktop"
  echo "$desktop" >> "$manifest"

  local icon rel target
  while IFS= read -r icon; do
    rel="${icon#"$here/share/icons/"}"
    target="$data_home/icons/$rel"
    mkdir -p "$(dirname "$target")"
    cp "$icon" "$target"
    echo "$target" >> "$manifest"
  done < <(find "$here/share/icons" -type f | sort)

  refresh_caches
  echo "Equitone $(cat "$here/VERSION") installed in $prefix."
  echo "Start it from your applications menu, or run: equitone"
  case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "(add $bin_dir to your PATH to type 'equitone')" ;; esac
  echo "To remove it: $prefix/install.sh --uninstall"
  check_system_libraries
  if [ "$check" = 1 ]; then
    "$prefix/equitone" --self-test
  fi
}

"$action"
