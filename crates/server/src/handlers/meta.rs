//! The OpenAPI document and the Swagger UI that renders it.

use actix_web::http::header::{self, ContentType};
use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};

use crate::assets::{content_type, Files};
use crate::auth::{Access, Routes};
use crate::error::ApiError;
use crate::state::AppState;

/// This document and its viewer, open to everyone.
pub fn routes(r: &mut Routes) {
    r.add(openapi_json, Access::Public)
        .add(docs, Access::Public)
        .add(docs_file, Access::Public);
}

/// The files of the Swagger UI distribution that `/docs` uses, and the script that starts it.
const DOCS_FILES: &[&str] = &[
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "favicon-32x32.png",
];

/// What the docs page may load: its own files; Swagger UI sets inline styles. Tokens typed
/// into it stay in the page's memory (no `persistAuthorization`).
const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(tag = "meta", responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> Result<HttpResponse, ApiError> {
    // The document never changes while the process runs: write it once.
    static TEXT: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    let text = TEXT
        .get_or_init(|| crate::openapi::spec_json().map_err(|e| e.to_string()))
        .clone();
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(text.map_err(ApiError::Internal)?))
}

/// Interactive API documentation (Swagger UI).
#[utoipa::path(tag = "meta", responses((status = 200, description = "An HTML page", content_type = "text/html")))]
#[get("/docs")]
pub async fn docs() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(("Content-Security-Policy", DOCS_CONTENT_SECURITY_POLICY))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(DOCS_PAGE)
}

/// A static file of the Swagger UI.
#[utoipa::path(
    tag = "meta",
    params(("file" = String, Path, description = "swagger-ui.css, swagger-ui-bundle.js, favicon-32x32.png or start.js")),
    responses(
        (status = 200, description = "The file"),
        (status = 404, description = "No such file, or the UI is not installed", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/docs/{file}")]
pub async fn docs_file(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let bytes = if file.as_str() == "start.js" {
        Bytes::from_static(DOCS_START.as_bytes())
    } else {
        let name = DOCS_FILES
            .iter()
            .find(|name| **name == file.as_str())
            .ok_or(ApiError::NotFound)?;
        Files::docs(&state.settings.docs_dir)
            .read(name)
            .await?
            .ok_or(ApiError::NotFound)?
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type(file.as_str())))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(bytes))
}

/// Tags start collapsed: Swagger UI 5.35 stops rendering an expanded list of more than about
/// 126 operations part way (found when the sales routes passed that number), and one tag at a
/// time reads better anyway.
const DOCS_START: &str = r##"if (window.SwaggerUIBundle) {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui", deepLinking: true, docExpansion: "none", filter: true });
}
"##;

const DOCS_PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Rapport API</title>
  <link rel="icon" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="ui"><p style="font-family:sans-serif;padding:2rem">Loading the API documentation… The raw document is at <a href="/openapi.json">/openapi.json</a>.</p></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
"##;
