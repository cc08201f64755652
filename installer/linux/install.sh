#!/usr/bin/env bash
# Install Equitone for the current user (no root, no Python needed), from the unpacked tarball:
#
#   ./install.sh                 install or upgrade
#   ./install.sh --uninstall     remove the program, menu entry and icons (never your data)
#   ./install.sh --check         install, then run `equitone --self-test`
#
# Where things go (XDG_DATA_HOME defaults to ~/.local/share):
#   ~/.local/opt/equitone/                      the program (this bundle's app/ folder)
#   ~/.local/bin/equitone                       symlink to it, unless that name is taken
#   $XDG_DATA_HOME/applications/org.equitone.Equitone.desktop
#   $XDG_DATA_HOME/icons/hicolor/<size>/apps/org.equitone.Equitone.{png,svg}
# Every file and folder placed is listed in ~/.local/opt/equitone/.installed, which
# --uninstall follows (folders only when empty). The clinic's database lives elsewhere
# (~/.local/share/Equitone) and is never touched here.
# Exit codes: 0 done, 1 failed, 2 bad option, 3 installed but system libraries are missing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
action=install
check=0
for arg in "$@"; do
  case "$arg" in
    --uninstall) action=uninstall ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
prefix="$HOME/.local/opt/equitone"
bin_dir="$HOME/.local/bin"
manifest="$prefix/.installed"
app_id="org.equitone.Equitone"
# Caches that desktop tools write into our folders; a folder holding only these is empty.
generated_caches=(icon-theme.cache mimeinfo.cache)

refresh_caches() {  # optional: menus pick the files up without these, only later
  if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data_home/applications" ]; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$data_home/icons/hicolor" ]; then
    gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
  fi
}

# mkdir -p that lists in the manifest each folder it had to create (removed on uninstall).
make_dir() {
  local dir="$1" created=()
  while [ ! -d "$dir" ]; do created+=("$dir"); dir="$(dirname -- "$dir")"; done
  mkdir -p -- "$1"
  for dir in "${created[@]}"; do printf '%s/\n' "$dir" >> "$manifest"; done
}

remove_if_empty() {
  local dir="$1" entry others=0 cache
  [ -d "$dir" ] || return 0
  for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    others=1
    for cache in "${generated_caches[@]}"; do
      [ "$entry" = "$dir/$cache" ] && others=0 && break
    done
    [ "$others" = 1 ] && return 0
  done
  for cache in "${generated_caches[@]}"; do rm -f -- "$dir/$cache"; done
  rmdir -- "$dir" 2>/dev/null || true
}

uninstall() {
  if [ ! -d "$prefix" ]; then
    echo "Equitone is not installed in $prefix."
    return 0
  fi
  local path folders=()
  if [ -f "$manifest" ]; then
    while IFS= read -r path; do
      case "$path" in
        */) folders+=("${path%/}") ;;
        "$prefix"/*) ;;  # inside the program folder: goes with it
        *)
          if [ "$path" = "$bin_dir/equitone" ] || [ -L "$path" ]; then
            # Only our own link: the name may have been taken over since (pipx, another copy).
            if [ -L "$path" ] && [ "$(readlink -- "$path")" = "$prefix/equitone" ]; then
              rm -f -- "$path"
            fi
          elif [ -f "$path" ]; then
            rm -f -- "$path"
          fi ;;
      esac
    done < "$manifest"
  fi
  rm -rf -- "$prefix"
  # Deepest first: a folder we made is removed once what we put in it is gone.
  while IFS= read -r path; do
    [ -n "$path" ] && remove_if_empty "$path"
  done < <(for path in "${folders[@]}"; do printf '%s\n' "$path"; done | sort -r)
  refresh_caches
  echo "Equitone removed. Your clinic data in ${data_home}/Equitone was left in place."
}

# A path as one quoted argument of a desktop entry's Exec key: inside double quotes, \ " `
# and $ take a backslash; then every backslash is doubled (the key is also a string value);
# a literal % is %%.
desktop_exec_arg() {
  local value="$1" bs='\' q='"' bq='`' dollar='$'
  value="${value//"$bs"/"$bs$bs"}"
  value="${value//"$q"/"$bs$q"}"
  value="${value//"$bq"/"$bs$bq"}"
  value="${value//"$dollar"/"$bs$dollar"}"
  value="${value//"$bs"/"$bs$bs"}"
  value="${value//%/%%}"
  printf '"%s"' "$value"
}

write_desktop_entry() {  # template -> target, pointing Exec and TryExec at the program
  local line bs='\'
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      Exec=*) printf 'Exec=%s\n' "$(desktop_exec_arg "$prefix/equitone")" ;;
      TryExec=*) printf 'TryExec=%s\n' "${prefix//"$bs"/"$bs$bs"}/equitone" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < "$1" > "$2"
}

link_program() {
  local link="$bin_dir/equitone"
  if [ -L "$link" ] && [ "$(readlink -- "$link")" = "$prefix/equitone" ]; then
    :
  elif [ -e "$link" ] || [ -L "$link" ]; then
    echo "Note: $link already exists and is not ours: left as it is."
    echo "      This Equitone runs from the menu, or as $prefix/equitone"
    return 0
  fi
  ln -sfn -- "$prefix/equitone" "$link"
  printf '%s\n' "$link" >> "$manifest"
}

# Libraries the program needs and this system lacks, with the command that installs them:
# Debian/Ubuntu package names from system-libraries.tsv (made from dpkg's database when the
# bundle was built), RPM systems by the library's own capability name, which their package
# managers resolve. Returns 3 when something is missing.
check_system_libraries() {
  command -v ldd >/dev/null 2>&1 || return 0
  local missing=() lib
  mapfile -t missing < <(
    find "$prefix" -type f \( -name '*.so' -o -name '*.so.*' -o -name equitone \) -print0 \
      | LD_LIBRARY_PATH="$prefix/_internal" xargs -0 ldd 2>/dev/null \
      | awk '$2 == "=>" && $3 == "not" {print $1}' | sort -u)
  [ "${#missing[@]}" -gt 0 ] || return 0
  echo "Equitone is installed, but this system lacks libraries it needs: ${missing[*]}"
  if command -v apt-get >/dev/null 2>&1; then
    local packages=() unknown=() package
    for lib in "${missing[@]}"; do
      package="$(awk -F'\t' -v lib="$lib" '$1 == lib {print $2}' "$here/system-libraries.tsv" \
        2>/dev/null || true)"
      if [ -n "$package" ] && [ "$package" != "-" ]; then packages+=("$package")
      else unknown+=("$lib"); fi
    done
    if [ "${#packages[@]}" -gt 0 ]; then
      mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
      echo "Install them with:"
      echo "    sudo apt-get install ${packages[*]}"
    fi
    if [ "${#unknown[@]}" -gt 0 ]; then
      echo "No package is known here for: ${unknown[*]} (apt-file search NAME finds it)."
    fi
  elif command -v dnf >/dev/null 2>&1 || command -v zypper >/dev/null 2>&1; then
    local tool=dnf capabilities=()
    command -v dnf >/dev/null 2>&1 || tool=zypper
    for lib in "${missing[@]}"; do capabilities+=("'$lib()(64bit)'"); done
    echo "Install them with:"
    echo "    sudo $tool install ${capabilities[*]}"
  else
    echo "Install the packages of your distribution that provide them."
  fi
  return 3
}

install() {
  [ -x "$here/app/equitone" ] || { echo "install.sh: run me from the unpacked Equitone folder" >&2; exit 1; }
  [ -d "$prefix" ] && uninstall >/dev/null
  local dir="$HOME/.local/opt" created=()
  while [ ! -d "$dir" ]; do created+=("$dir"); dir="$(dirname -- "$dir")"; done
  mkdir -p -- "$HOME/.local/opt"
  # Copy beside the target, then rename: an interrupted copy never leaves half a program.
  rm -rf -- "$prefix.new"
  cp -a -- "$here/app" "$prefix.new"
  cp -- "$here/install.sh" "$prefix.new/install.sh"
  mv -- "$prefix.new" "$prefix"
  : > "$manifest"
  for dir in "${created[@]}"; do printf '%s/\n' "$dir" >> "$manifest"; done

  make_dir "$bin_dir"
  link_program

  local desktop="$data_home/applications/$app_id.desktop"
  make_dir "$data_home/applications"
  write_desktop_entry "$here/share/applications/$app_id.desktop" "$desktop"
  printf '%s\n' "$desktop" >> "$manifest"

  local icon rel target
  while IFS= read -r icon; do
    rel="${icon#"$here/share/icons/"}"
    target="$data_home/icons/$rel"
    make_dir "$(dirname -- "$target")"
    cp -- "$icon" "$target"
    printf '%s\n' "$target" >> "$manifest"
  done < <(find "$here/share/icons" -type f | sort)

  refresh_caches
  echo "Equitone $(cat "$here/VERSION") installed in $prefix."
  echo "Start it from your applications menu, or run: equitone"
  case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "(add $bin_dir to your PATH to type 'equitone')" ;; esac
  echo "To remove it: $prefix/install.sh --uninstall"
  local status=0
  check_system_libraries || status=$?
  if [ "$status" -ne 0 ]; then
    exit "$status"
  fi
  if [ "$check" = 1 ]; then
    "$prefix/equitone" --self-test
  fi
}

"$action"
