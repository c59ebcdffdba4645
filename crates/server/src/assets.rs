//! Files the server sends as they are, the web app's and the Swagger UI's: built into the
//! binary (see `build.rs`), or read from a folder the settings name instead.

use std::path::{Path, PathBuf};

use actix_web::web::{self, Bytes};

use crate::error::ApiError;

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// Where a set of files comes from.
#[derive(Debug, Clone)]
pub enum Files {
    /// Built into the binary: relative path and contents.
    BuiltIn(&'static [(&'static str, &'static [u8])]),
    /// A folder on disk.
    Folder(PathBuf),
}

impl Files {
    /// The web app: the folder `web_dir` names, or the built-in files.
    pub fn web_app(web_dir: &str) -> Self {
        Self::choose(web_dir, built_in::WEB_APP)
    }

    /// The Swagger UI: the folder `docs_dir` names, or the built-in files.
    pub fn docs(docs_dir: &str) -> Self {
        Self::choose(docs_dir, built_in::DOCS)
    }

    fn choose(dir: &str, built_in: &'static [(&'static str, &'static [u8])]) -> Self {
        if dir.is_empty() {
            Self::BuiltIn(built_in)
        } else {
            Self::Folder(PathBuf::from(dir))
        }
    }

    /// The file at `relative` (plain names joined by `/`, checked by the caller), if there is
    /// one. In a folder, a path that leads outside it (through a symbolic link) is no file.
    pub async fn read(&self, relative: &str) -> Result<Option<Bytes>, ApiError> {
        match self {
            Self::BuiltIn(files) => Ok(files
                .iter()
                .find(|(name, _)| *name == relative)
                .map(|(_, bytes)| Bytes::from_static(bytes))),
            Self::Folder(root) => {
                let (root, relative) = (root.clone(), relative.to_owned());
                web::block(move || read_inside(&root, &relative))
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))
            }
        }
    }
}

fn read_inside(root: &Path, relative: &str) -> Option<Bytes> {
    let root = root.canonicalize().ok()?;
    let file = root.join(relative).canonicalize().ok()?;
    if !file.starts_with(&root) || !file.is_file() {
        return None;
    }
    std::fs::read(file).ok().map(Bytes::from)
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}
