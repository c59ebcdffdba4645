#!/usr/bin/env bash
# Builds the web app into frontend/dist (and the customer portal, frontend/portal, into
# frontend/dist/portal): compile them to wasm32, bind it with the
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
    wasm_cargo clippy -p frontend -p portal -p web_shared -- -D warnings
    exit 0 ;;
  build) ;;
  *) echo "usage: $0 [build|check-shared|clippy]" >&2; exit 2 ;;
esac

# 1. Compile both apps: the staff web app and the customer portal.
wasm_cargo build -p frontend -p portal --profile "$PROFILE"
WASM="${CARGO_TARGET_DIR:-target}/$TARGET/$PROFILE/frontend.wasm"
PORTAL_WASM="${CARGO_TARGET_DIR:-target}/$TARGET/$PROFILE/portal.wasm"

# 2. The tools, installed into .tools when missing: wasm-bindgen-cli of exactly the library's
#    version, and the splitter matching the wasm_split_helpers the lazy pages use.
install_tool() { # binary crate version [cargo install flags]
  local binary=$1 crate=$2 version=$3
  shift 3
  if [ ! -x "$TOOLS/bin/$binary" ] || [ "$(cat "$TOOLS/$crate.version" 2>/dev/null)" != "$version" ]; then
    echo "installing $crate $version into .tools"
    cargo install --quiet "$crate" --version "$version" --root "$TOOLS" "$@"
    echo "$version" > "$TOOLS/$crate.version"
  fi
}
install_tool wasm-bindgen wasm-bindgen-cli \
  "$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
# (its own lock file: the registry here lacks some newer versions its dependencies would pick)
install_tool wasm-split-cli wasm_split_cli_support 0.2.4 --locked --features build-binary

# 3. binaryen from npm, pinned by frontend/package-lock.json (scripts/optimize-wasm.mjs).
if [ ! -x frontend/node_modules/.bin/wasm-opt ]; then
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Split every lazy page (app.rs, `lazy_pages!`) into chunks loaded on first use, bind the
#    main module (keeping the exports the chunks link against), shrink each part.
SPLIT=$(mktemp -d)
trap 'rm -rf "$SPLIT"' EXIT
"$TOOLS/bin/wasm-split-cli" "$WASM" "$SPLIT" --out-name rapport
rm -rf "$OUT"
mkdir -p "$OUT/pkg"
"$TOOLS/bin/wasm-bindgen" --target web --no-typescript --keep-lld-exports \
  --out-dir "$OUT/pkg" --out-name rapport "$SPLIT/rapport.wasm"
rm "$SPLIT/rapport.wasm"
mv "$SPLIT"/*.wasm "$SPLIT/__wasm_split.js" "$OUT/pkg/"
node scripts/optimize-wasm.mjs "$OUT/pkg" 2> "$SPLIT/wasm-opt.log" || { cat "$SPLIT/wasm-opt.log" >&2; exit 1; }
# (the splitter writes a name subsection binaryen does not know; it is stripped anyway)
grep -v "unknown name subsection" "$SPLIT/wasm-opt.log" >&2 || true
cp frontend/static/* "$OUT/"

# 5. The customer portal, served under /portal/: split as the web app is, its pages that not
#    every visit needs in chunks of their own (frontend/portal/src/app.rs, `#[lazy]`).
mkdir -p "$SPLIT/portal" "$OUT/portal/pkg"
"$TOOLS/bin/wasm-split-cli" "$PORTAL_WASM" "$SPLIT/portal" --out-name portal
"$TOOLS/bin/wasm-bindgen" --target web --no-typescript --keep-lld-exports \
  --out-dir "$OUT/portal/pkg" --out-name portal "$SPLIT/portal/portal.wasm"
rm "$SPLIT/portal/portal.wasm"
mv "$SPLIT/portal"/*.wasm "$SPLIT/portal/__wasm_split.js" "$OUT/portal/pkg/"
node scripts/optimize-wasm.mjs "$OUT/portal/pkg" 2> "$SPLIT/portal-opt.log" > /dev/null \
  || { cat "$SPLIT/portal-opt.log" >&2; exit 1; }
grep -v "unknown name subsection" "$SPLIT/portal-opt.log" >&2 || true
cp frontend/portal/static/* "$OUT/portal/"

# 6. Content hashes in the names, precompressed variants (scripts/finish-web.mjs).
node scripts/finish-web.mjs "$OUT"
