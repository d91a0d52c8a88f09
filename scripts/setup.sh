# Shared by scripts/start and scripts/test: install what is missing, idempotently. Source it, do not run it.
# Python packages go into .venv/ at the repository root; bun (Reflex's JS runtime) comes from npm into .tools/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1;36m==> %s\033[0m\n' "$*"; }

need_python() {
    local py
    py="$(command -v python3.11 || command -v python3 || true)"
    if [ -z "$py" ] || ! "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        say "Installing Python 3.11 (Debian)"
        apt-get update -qq && apt-get install -y -qq python3.11 python3.11-venv >/dev/null
        py="$(command -v python3.11)"
    fi
    PYTHON="$py"
}

install_python_packages() {
    local extras="$1" stamp=".venv/.deps-$1" sum
    sum="$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -x .venv/bin/python ]; then
        need_python
        say "Creating .venv"
        "$PYTHON" -m venv .venv
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
        say "Installing Python packages ($extras)"
        .venv/bin/python -m pip install -q --upgrade pip >/dev/null
        if [ "$extras" = "app" ]; then
            .venv/bin/python -m pip install -q -e .
        else
            .venv/bin/python -m pip install -q -e ".[$extras]"
        fi
        echo "$sum" > "$stamp"
    fi
}

install_bun() {
    if [ ! -x .tools/node_modules/.bin/bun ]; then
        if ! command -v npm >/dev/null; then
            say "Installing Node.js and npm (Debian)"
            apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
        fi
        say "Installing bun from npm"
        mkdir -p .tools
        (cd .tools && npm install --silent --no-audit --no-fund bun@1 >/dev/null)
    fi
    export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
    export REFLEX_USE_SYSTEM_BUN=1
    export REFLEX_TELEMETRY_ENABLED=false
}
