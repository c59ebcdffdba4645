//! The messages that reached a mailbox: listed for admins, read (and read whole, as they
//! arrived) by agents from the tickets they became.

use actix_web::http::header;
use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::mail::{InboundEmail, InboundEmailQuery};
use api_types::{Page, PageQuery, RecordQuery};
use db::mailboxes::Mailbox;
use db::record::{self, Visibility};
use domain::mail::Outcome;
use domain::ticket::Ticket;
use domain::FieldError;

use crate::auth::Caller;
use crate::desk::inbound;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

fn outcome(raw: Option<&str>) -> Result<Option<Outcome>, ApiError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => Outcome::parse(raw).map(Some).ok_or_else(|| {
            let names: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
            ApiError::InvalidParameters(vec![FieldError::new(
                "/query/outcome",
                "invalid_outcome",
                format!("must be one of {}", names.join(", ")),
            )])
        }),
    }
}

/// List the messages that reached a mailbox, newest first.
///
/// Filter by `outcome` to find those that opened nothing: `unreadable` and `refused` ones
/// wait for an admin, who can read each whole at its `original_path`.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, InboundEmailQuery),
    responses((status = 200, description = "A page of messages", body = Page<InboundEmail>)),
)]
#[get("/mailboxes/{id}/emails")]
pub async fn list_mailbox_emails(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<InboundEmailQuery>,
) -> Reply {
    let mailbox = path_id(&id)?;
    let query = query.into_inner();
    let outcome = outcome(query.outcome.as_deref())?;
    let paging = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let params = kit::page_params(&paging, &db::inbound_emails::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            record::get::<Mailbox>(conn, p.org, mailbox, Visibility::Any)?;
            let page = db::inbound_emails::list(conn, p.org, mailbox, outcome, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// List the mail that opened or joined a ticket, oldest first: each message whole at its
/// `original_path`, with its files.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, PageQuery),
    responses((status = 200, description = "A page of messages", body = Page<InboundEmail>)),
)]
#[get("/tickets/{id}/emails")]
pub async fn list_ticket_emails(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<PageQuery>,
) -> Reply {
    let ticket = path_id(&id)?;
    let params = kit::page_params(&query, &db::inbound_emails::TICKET_SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            record::get::<Ticket>(conn, p.org, ticket, Visibility::Any)?;
            let page = db::inbound_emails::of_ticket(conn, p.org, ticket, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a message that reached a mailbox, and what became of it.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, RecordQuery),
    responses((status = 200, description = "The message", body = InboundEmail, headers(("ETag" = String)))),
)]
#[get("/inbound-emails/{id}")]
pub async fn get_inbound_email(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<db::inbound_emails::InboundEmail>(&state, caller, &id, &query).await
}

/// Get a message whole, exactly as it arrived (`message/rfc822`): every header, every part,
/// the quoted text a ticket leaves out.
#[utoipa::path(
    tag = "mailboxes",
    params(Id),
    responses((status = 200, description = "The message as it arrived", content_type = "message/rfc822", body = String)),
)]
#[get("/inbound-emails/{id}/original")]
pub async fn get_inbound_email_original(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let raw = state
        .run(caller, move |conn, p| {
            Ok(db::inbound_emails::raw(conn, p.org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("message/rfc822")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"original.eml\"",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(raw))
}

/// Download a file a message carried.
///
/// It always comes as a download (`Content-Disposition: attachment`), never shown in place.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, ("index" = usize, Path, description = "Its place in the message's `attachments`, from 0")),
    responses((status = 200, description = "The file, of the media type the message gave it", content_type = "*/*", body = String)),
)]
#[get("/inbound-emails/{id}/attachments/{index}")]
pub async fn get_inbound_email_attachment(
    state: State,
    caller: Caller,
    path: Path<(String, String)>,
) -> Reply {
    let (id, index) = path.into_inner();
    let id = path_id(&id)?;
    let index: usize = index.parse().map_err(|_| ApiError::NotFound)?;
    let raw = state
        .run(caller, move |conn, p| {
            Ok(db::inbound_emails::raw(conn, p.org, id)?)
        })
        .await?;
    let (file, content) = actix_web::web::block(move || inbound::attachment(&raw, index))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(file.content_type.as_str())
        .insert_header(crate::handlers::attachments::disposition(&file.filename))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(content))
}
