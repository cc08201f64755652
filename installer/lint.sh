#!/usr/bin/env bash
# The gates in front of the tests: ruff on the whole tree, mypy --strict on src/, and the
# import contracts of pyproject.toml ([tool.importlinter]; the rooms are described in
# docs/architecture.md). `installer/bootstrap.sh test` runs this before pytest and stops when
# any gate fails; every gate runs, so one run shows all that is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${EQUITONE_VENV:-$(pwd)/.venv}"

failed=()
gate() {
  local name="$1"
  shift
  echo "── $name"
  if ! "$@"; then
    failed+=("$name")
  fi
}
gate "ruff" "$venv/bin/ruff" check .
gate "mypy --strict" "$venv/bin/mypy" src
gate "import contracts" "$venv/bin/lint-imports" --no-cache

if [ "${#failed[@]}" -gt 0 ]; then
  echo "Failed gates: ${failed[*]}" >&2
  exit 1
fi
