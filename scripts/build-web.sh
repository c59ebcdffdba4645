#!/usr/bin/env bash
# Builds the web app into frontend/dist: compile frontend/ to wasm32, bind it with the
# wasm-bindgen-cli of exactly the locked wasm-bindgen version, shrink it with binaryen's
# wasm-opt (from npm), and add the static files. Installs whatever of that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=wasm32-unknown-unknown
PROFILE=wasm-release
OUT=frontend/dist
TOOLS="$PWD/.tools"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Cargo for wasm32: rustup's target where it can be had; otherwise Debian's rustc-web building
# std itself (DESIGN.md, "WebAssembly toolchain").
wasm_cargo() {
  local command=$1
  shift
  if rustup target list --installed 2>/dev/null | grep -qx "$TARGET" \
      || rustup target add "$TARGET" >/dev/null 2>&1; then
    cargo "$command" --locked --target "$TARGET" "$@"
  else
    echo "rustup has no $TARGET here: using Debian's rustc-web and -Z build-std" >&2
    local missing=""
    for pkg in rustc-web cargo-web rust-web-src lld; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
    if [ -n "$missing" ]; then as_root apt-get update -qq && as_root apt-get install -y -qq $missing; fi
    RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld RUSTC=/usr/bin/rustc \
      /usr/bin/cargo "$command" --locked --target "$TARGET" -Z build-std=std,panic_abort "$@"
  fi
}

case "${1:-build}" in
  check-shared)
    # The crates the app shares with the server must build for the browser.
    wasm_cargo check -p domain -p api_types
    echo "wasm32: domain and api_types compile for the browser"
    exit 0 ;;
  clippy)
    wasm_cargo clippy -p frontend -- -D warnings
    exit 0 ;;
  build) ;;
  *) echo "usage: $0 [build|check-shared|clippy]" >&2; exit 2 ;;
esac

# 1. Compile.
wasm_cargo build -p frontend --profile "$PROFILE"
WASM="${CARGO_TARGET_DIR:-target}/$TARGET/$PROFILE/frontend.wasm"

# 2. wasm-bindgen-cli must match the library's version exactly.
WANTED=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WANTED" ]; then
  echo "installing wasm-bindgen-cli $WANTED into .tools"
  cargo install --quiet wasm-bindgen-cli --version "$WANTED" --root "$TOOLS"
fi

# 3. wasm-opt from the binaryen npm package, pinned by frontend/package-lock.json.
if [ ! -x frontend/node_modules/.bin/wasm-opt ]; then
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Assemble.
rm -rf "$OUT"
mkdir -p "$OUT/pkg"
"$TOOLS/bin/wasm-bindgen" --target web --no-typescript --out-dir "$OUT/pkg" --out-name rapport "$WASM"
frontend/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$OUT/pkg/rapport_bg.wasm" -o "$OUT/pkg/rapport_bg.wasm"
cp frontend/static/* "$OUT/"

# 5. Content hashes in the names, precompressed variants (scripts/finish-web.mjs).
node scripts/finish-web.mjs "$OUT"
