# Shell pieces shared by bootstrap.sh, build.sh and lock.sh (sourced, not run).

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# What Qt's window needs from a Debian system (and `equitone --self-test` in a bare one).
qt_runtime=(libglib2.0-0 libdbus-1-3 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1
  libfreetype6 fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
  libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxrender1
  libwayland-client0 libwayland-cursor0 libwayland-egl1)

# Install the Debian packages among "$@" that are not installed yet (no-op elsewhere).
apt_install_missing() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  say "Installing system packages: ${missing[*]}"
  local sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The newest Python 3.MIN or later with sqlite3 and venv (pyenv's first, then PATH).
pick_python() {
  local min_minor="${1:-11}" candidates=(python3.13 python3.12) py v pyroot
  if command -v pyenv >/dev/null 2>&1; then
    pyroot="$(pyenv root)"
    for v in "$pyroot"/versions/3.13* "$pyroot"/versions/3.12*; do
      [ -x "$v/bin/python3" ] && candidates+=("$v/bin/python3")
    done
  fi
  candidates+=(python3 python)  # `python` is the Windows (Git Bash) name
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c \
        "import sys, sqlite3, venv; sys.exit(sys.version_info < (3, $min_minor))" 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}
