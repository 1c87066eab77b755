# Shared by bin/start and bin/test: make a fresh clone runnable with only the system's
# Node 20 + npm. Node 24 LTS comes from the npm registry (the `node` package) into .tools/.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 24 ]; then
    if [ ! -x "$ROOT/.tools/node_modules/.bin/node" ]; then
      echo "› Node $major found; installing Node.js 24 LTS from the npm registry into .tools/ ..."
      mkdir -p "$ROOT/.tools"
      npm install --prefix "$ROOT/.tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >/dev/null
    fi
    export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
  fi
  echo "› Node $(node -v), npm $(npm -v 2>/dev/null)"
}

ensure_deps() {
  # Reinstall when node_modules is missing or older than the lockfile.
  if [ ! -f node_modules/.sma-installed ] || [ package-lock.json -nt node_modules/.sma-installed ]; then
    echo "› Installing dependencies ..."
    # `npm install`, not `npm ci`: the registry mirror lacks other platforms' optional
    # binaries (e.g. @swc/core-darwin-*), which `npm ci` treats as an out-of-sync lockfile.
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules/.sma-installed
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = "0" ]; then
    echo "› Installing Debian's chromium for the browser tests ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "✖ Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2
    exit 1
  fi
}
