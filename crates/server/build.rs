//! Builds the web app's files and the Swagger UI files into the binary, so `rapport serve`
//! needs nothing beside it. Whatever is not built yet (`make web`, `make swagger-ui`) is
//! left out with a warning; the server then answers 404 there unless a folder is configured.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The Swagger UI files `/docs` uses.
const DOCS_FILES: [&str; 3] = [
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "favicon-32x32.png",
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../..");
    let web = root.join("frontend/dist");
    let docs = root.join("openapi/swagger-ui/node_modules/swagger-ui-dist");
    let mut out = String::new();

    let mut web_files = Vec::new();
    if web.join("index.html").is_file() {
        collect(&web, &web, &mut web_files);
    } else {
        println!("cargo:warning=frontend/dist is not built: the binary carries no web app");
    }
    web_files.sort();
    table(&mut out, "WEB_APP", &web, &web_files);

    let docs_files: Vec<String> = DOCS_FILES
        .iter()
        .filter(|name| docs.join(name).is_file())
        .map(|name| (*name).to_owned())
        .collect();
    if docs_files.len() < DOCS_FILES.len() {
        println!("cargo:warning=Swagger UI is not installed: the binary carries no /docs files");
    }
    table(&mut out, "DOCS", &docs, &docs_files);

    // A folder that does not exist yet is watched through its parent, which changes when it
    // appears.
    for dir in [&web, &docs] {
        let watched = if dir.exists() {
            dir.as_path()
        } else {
            dir.parent().unwrap_or(dir)
        };
        println!("cargo:rerun-if-changed={}", watched.display());
    }
    let target = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("assets.rs");
    if let Err(e) = std::fs::write(&target, out) {
        panic!("cannot write {}: {e}", target.display());
    }
}

/// Every file below `dir`, as paths relative to `base` with `/` separators; hidden names
/// are skipped.
fn collect(base: &Path, dir: &Path, into: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, into);
        } else if let Ok(relative) = path.strip_prefix(base) {
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            into.push(parts.join("/"));
        }
    }
}

fn table(out: &mut String, name: &str, dir: &Path, files: &[String]) {
    let _ = writeln!(out, "/// Built-in files: path and contents.");
    let _ = writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[");
    for file in files {
        let absolute = dir.join(file);
        let _ = writeln!(
            out,
            "    ({file:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        );
    }
    let _ = writeln!(out, "];");
}
