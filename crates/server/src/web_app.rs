//! The staff web app: the built files of `frontend/` served at `/`.
//!
//! These are not API routes, so they are not in the OpenAPI document; they are the app's
//! fallback service. A GET for a file of the build answers that file; any other GET outside
//! `/api/` answers `index.html`, so a deep link such as `/accounts/acc_…` opens the app, whose
//! router shows the page. Everything else stays a problem+json 404. The files are built into
//! the binary unless `web_dir` names a folder.

use actix_web::http::{header, Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse, HttpResponseBuilder};

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
///
/// Files whose names carry a content hash are cached for a year as immutable; the others
/// (`index.html` above all) are revalidated with an `ETag`. A precompressed variant beside a
/// file (`.br`, `.gz`, made by the build) is sent when the browser accepts it.
///
/// Under `/portal/` is the customer portal's app (`frontend/portal`, built into `portal/`):
/// `/portal/{partner_key}/…` is its page for that partner, any other name there a file of it
/// (`/portal/embed.js`, the script partners put on their pages).
pub async fn serve(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_owned();
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    if !is_read || path.starts_with("/api/") || path == "/api" {
        return Err(ApiError::RouteNotFound);
    }
    let files = Files::web_app(&state.settings.web_dir);
    if let Some(key) = portal_partner_key(&path) {
        return portal_page(&req, &state, &files, key).await;
    }
    let relative = safe_relative(&path).filter(|r| !r.is_empty());
    let file = match relative {
        Some(relative) => files
            .read(relative)
            .await?
            .map(|b| (b, relative.to_owned())),
        None => None,
    };
    // Only names with an extension are files; anything else is a route of the app (the
    // portal has no routes but its partners' pages).
    let is_file_name = path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    if file.is_none() && (is_file_name || path.starts_with("/portal/") || path == "/portal") {
        return Err(ApiError::RouteNotFound);
    }
    let (bytes, name) = match file {
        Some(found) => found,
        None => (
            files
                .read("index.html")
                .await?
                .ok_or(ApiError::RouteNotFound)?,
            "index.html".to_owned(),
        ),
    };
    let (mut response, body, encoding) = encoded(&req, &files, bytes, &name).await?;
    if name.ends_with(".html") {
        response
            .insert_header(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
            .insert_header(("X-Frame-Options", "DENY"));
    }
    if has_content_hash(&name) {
        response.insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"));
        return Ok(response.body(body));
    }
    let tag = format!(
        "\"{:016x}-{}\"",
        digest(&body),
        encoding.unwrap_or("identity")
    );
    response
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::ETAG, tag.clone()));
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            // Weak comparison, as RFC 9110 asks of If-None-Match.
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == tag || t == "*")
        });
    if unchanged {
        return Ok(response.status(StatusCode::NOT_MODIFIED).finish());
    }
    Ok(response.body(body))
}

/// The response for file `name` (contents `bytes`): its media type, and the precompressed
/// variant the browser accepts if the build made one. Answers the body to send and its
/// coding.
async fn encoded(
    req: &HttpRequest,
    files: &Files,
    bytes: Bytes,
    name: &str,
) -> Result<(HttpResponseBuilder, Bytes, Option<&'static str>), ApiError> {
    let mut encoding = None;
    let mut body = bytes;
    for (coding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts(req, coding) {
            if let Some(variant) = files.read(&format!("{name}.{suffix}")).await? {
                encoding = Some(coding);
                body = variant;
                break;
            }
        }
    }
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, content_type(name)))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(coding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, coding));
    }
    Ok((response, body, encoding))
}

/// The partner key of a portal page's path: `/portal/pk_…` and anything below it.
fn portal_partner_key(path: &str) -> Option<&str> {
    let key = path.strip_prefix("/portal/")?.split('/').next()?;
    (key.starts_with("pk_") && !key.contains('.')).then_some(key)
}

/// A partner's portal page: the portal app, which only that partner's origins may frame.
///
/// `frame-ancestors` lists exactly the partner's allowed origins (`'none'` without any), and
/// there is no `X-Frame-Options`, which cannot express a list. The page is not stored
/// (its policy follows the partner's settings) and sends no referrer (a single sign-on
/// token can be in its address). An unknown or deleted partner's page is a 404.
async fn portal_page(
    req: &HttpRequest,
    state: &AppState,
    files: &Files,
    key: &str,
) -> Result<HttpResponse, ApiError> {
    let (_, partner) = crate::handlers::portal::live_partner(state, key)
        .await?
        .ok_or(ApiError::RouteNotFound)?;
    let name = "portal/index.html";
    let bytes = files.read(name).await?.ok_or(ApiError::RouteNotFound)?;
    let (mut response, body, _) = encoded(req, files, bytes, name).await?;
    response
        .insert_header((
            "Content-Security-Policy",
            portal_policy(&partner.fields.allowed_origins),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"));
    Ok(response.body(body))
}

/// The portal page's policy: the staff app's, except that the partner's origins may frame
/// it and its logo may come from any https address.
fn portal_policy(origins: &[String]) -> String {
    let ancestors = if origins.is_empty() {
        "'none'".to_owned()
    } else {
        origins.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'; frame-ancestors {ancestors}; \
         base-uri 'none'; form-action 'self'"
    )
}

/// Whether a name carries a content hash before its extension, as the build gives every file
/// the page loads: `app.1a2b3c4d5e6f.css`.
fn has_content_hash(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    parts.next();
    parts
        .next()
        .is_some_and(|hash| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the request's `Accept-Encoding` accepts `coding` (and does not refuse it with
/// `q=0`).
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    let Some(accepted) = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    accepted.split(',').any(|entry| {
        let mut parts = entry.split(';').map(str::trim);
        let named = parts.next().is_some_and(|n| n.eq_ignore_ascii_case(coding));
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        named && !refused
    })
}

/// A fingerprint of a file for its `ETag` (not a security boundary: the contents are public).
fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_are_twelve_hex_digits_before_the_extension() {
        assert!(has_content_hash("app.1a2b3c4d5e6f.css"));
        assert!(has_content_hash("pkg/rapport_bg.0123456789ab.wasm"));
        assert!(!has_content_hash("app.css"));
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("app.1a2b3c4d5e6f.css.br"));
        assert!(!has_content_hash("app.1a2b3c4d5e6g.css"));
    }

    #[test]
    fn portal_pages_are_named_by_their_partner_key() {
        assert_eq!(portal_partner_key("/portal/pk_abc"), Some("pk_abc"));
        assert_eq!(
            portal_partner_key("/portal/pk_abc/tickets/tkt_1"),
            Some("pk_abc")
        );
        assert_eq!(portal_partner_key("/portal/embed.js"), None);
        assert_eq!(
            portal_partner_key("/portal/pkg/portal.0123456789ab.js"),
            None
        );
        assert_eq!(portal_partner_key("/portal/pk_x.js"), None);
        assert_eq!(portal_partner_key("/accounts/pk_abc"), None);
    }

    #[test]
    fn only_the_partners_origins_may_frame_its_portal() {
        let policy = portal_policy(&[
            "https://shop.example".into(),
            "http://localhost:3000".into(),
        ]);
        assert!(policy.contains("frame-ancestors https://shop.example http://localhost:3000;"));
        assert!(portal_policy(&[]).contains("frame-ancestors 'none';"));
    }
}
