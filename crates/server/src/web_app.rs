//! The staff web app: the built files of `frontend/` served at `/`.
//!
//! These are not API routes, so they are not in the OpenAPI document; they are the app's
//! fallback service. A GET for a file of the build answers that file; any other GET outside
//! `/api/` answers `index.html`, so a deep link such as `/accounts/acc_…` opens the app, whose
//! router shows the page. Everything else stays a problem+json 404. The files are built into
//! the binary unless `web_dir` names a folder.

use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::assets::{content_type, Files};
use crate::error::ApiError;
use crate::state::AppState;

/// What the page may load: its own scripts and styles, and WebAssembly compiled from them.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'";

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
    let files = Files::web_app(&state.settings.web_dir);
    let file = match safe_relative(&path) {
        Some(relative) => files.read(relative).await?,
        None => None,
    };
    // Only names with an extension are files; anything else is a route of the app.
    if file.is_none()
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'))
    {
        return Err(ApiError::RouteNotFound);
    }
    let (bytes, name) = match file {
        Some(bytes) => (bytes, path),
        None => (
            files
                .read("index.html")
                .await?
                .ok_or(ApiError::RouteNotFound)?,
            "index.html".to_owned(),
        ),
    };
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
