#!/usr/bin/env bash
# Fetches the Cerbos PDP (the peer of bench/peer-compare.sh and CerbosDifferentialTest) from the npm
# registry, pinned, into target/cerbos/cerbos. Idempotent: does nothing when that version is already there.
#   bench/cerbos-fetch.sh                          prints the path of the binary
#   CERBOS_VERSION=0.55.0 bench/cerbos-fetch.sh
# Needs npm: the package @cerbos/cerbos-linux-x64 carries the statically linked binary, nothing else is
# downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
CERBOS_VERSION=${CERBOS_VERSION:-0.55.0}
DIR=target/cerbos
BIN=$DIR/cerbos
if [[ ! -x "$BIN" || "$(cat "$DIR/VERSION" 2>/dev/null)" != "$CERBOS_VERSION" ]]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch Cerbos (apt-get install -y npm)" >&2; exit 1; }
  rm -rf "$DIR"
  mkdir -p "$DIR"
  tarball=$(cd "$DIR" && npm pack --silent "@cerbos/cerbos-linux-x64@$CERBOS_VERSION" | tail -1)
  tar -xzf "$DIR/$tarball" -C "$DIR"
  mv "$DIR/package/cerbos-linux-x64" "$BIN"
  rm -rf "$DIR/$tarball" "$DIR/package"
  chmod +x "$BIN"
  echo "$CERBOS_VERSION" >"$DIR/VERSION"
fi
echo "$BIN"
