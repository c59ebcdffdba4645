//! The staff web app: the built files of `frontend/` served at `/`.
//!
//! These are not API routes, so they are not in the OpenAPI document; they are the app's
//! fallback service. A GET for a file of the build answers that file; any other GET outside
//! `/api/` answers `index.html`, so a deep link such as `/accounts/acc_…` opens the app, whose
//! router shows the page. Everything else stays a problem+json 404.

use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

/// What the page may load: its own scripts and styles, and WebAssembly compiled from them.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'";

fn content_type(path: &str) -> &'static str {
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

/// A path inside the build folder: plain names only, nothing hidden, no way up.
fn safe_relative(path: &str) -> Option<&str> {
    let relative = path.trim_start_matches('/');
    let plain = relative.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    });
    plain.then_some(relative)
}

/// The fallback service: app files and client routes, or a 404 problem.
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_owned();
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    if !is_read || path.starts_with("/api/") || path == "/api" {
        return Err(ApiError::RouteNotFound);
    }
    let root = std::path::PathBuf::from(&state.settings.web_dir);
    let file = safe_relative(&path)
        .map(|relative| root.join(relative))
        .filter(|candidate| candidate.is_file());
    // Only names with an extension are files; anything else is a route of the app.
    if file.is_none()
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'))
    {
        return Err(ApiError::RouteNotFound);
    }
    let (file, name) = match file {
        Some(file) => (file, path),
        None => (root.join("index.html"), "index.html".to_owned()),
    };
    let bytes = web::block(move || std::fs::read(file))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|_| ApiError::RouteNotFound)?;
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CONTENT_TYPE, content_type(&name)));
    if name.ends_with(".html") {
        response
            .insert_header(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
            .insert_header(("X-Frame-Options", "DENY"));
    } else {
        // Rebuilt files keep their names; revalidate rather than serve a stale app.
        response.insert_header((header::CACHE_CONTROL, "no-cache"));
    }
    Ok(response.body(bytes))
}
