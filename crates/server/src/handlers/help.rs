//! `/help/articles/{id}`: a public, published knowledge-base article as a page anyone can
//! read, the link agents put in replies. (The self-service portal will frame these.)

use actix_web::http::header::ContentType;
use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use domain::id::kind;

use crate::auth::{Access, Routes};
use crate::extract::path_id;
use crate::kit::State;

/// The help pages, open to everyone.
pub fn routes(r: &mut Routes) {
    r.add(help_article, Access::Public);
}

/// What a help page may load: its own inline style and images from anywhere on the web (an
/// article's screenshots); nothing runs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     img-src https: http:; frame-ancestors *; base-uri 'none'; form-action 'none'";

const STYLE: &str = "body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;\
     padding:0 1rem;color:#1d2330}h1{line-height:1.25}img{max-width:100%}\
     pre{overflow:auto;background:#f3f4f7;padding:.75rem}table{border-collapse:collapse}\
     td,th{border:1px solid #ccd;padding:.25rem .5rem}.updated{color:#5a6275}";

fn page(title: &str, main: &str, language: &str) -> String {
    let escaped = domain::text::escape_html(title);
    format!(
        "<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{escaped}</title><style>{STYLE}</style></head>\
         <body><main><h1>{escaped}</h1>{main}</main></body></html>"
    )
}

/// A public article as a web page.
#[utoipa::path(
    tag = "knowledge base",
    params(("id" = String, Path, description = "The article's id (`kba_…`)")),
    responses(
        (status = 200, description = "The article as a page", content_type = "text/html"),
        (status = 404, description = "No public, published article has this id", content_type = "text/html"),
    ),
)]
#[get("/help/articles/{id}")]
pub async fn help_article(state: State, id: Path<String>) -> HttpResponse {
    let found = match path_id::<kind::KbArticle>(&id) {
        Ok(article) => state
            .db(move |conn| Ok(db::kb::articles::public(conn, article)?))
            .await
            .ok(),
        Err(_) => None,
    };
    let (mut response, body) = match found {
        Some(a) => {
            let updated = format!(
                "<p class=\"updated\">Updated {}</p>",
                a.updated_at.format("%-d %B %Y")
            );
            let main = format!("{}{updated}", a.body_html);
            (
                HttpResponse::Ok(),
                page(&a.fields.title, &main, a.fields.language.as_str()),
            )
        }
        None => (
            HttpResponse::NotFound(),
            page("Not found", "<p>There is no such article.</p>", "en"),
        ),
    };
    response
        .content_type(ContentType::html())
        .insert_header(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .body(body)
}
