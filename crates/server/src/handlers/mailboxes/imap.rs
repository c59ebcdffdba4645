//! `/api/v1/mailboxes/{id}/imap`: fetching a mailbox's mail from an IMAP server (admins).

use actix_web::{delete, get, put, web, HttpResponse};
use api_types::mail::{ImapSource, PutImapSource};
use db::mailbox_imap::ImapSource as Source;
use domain::mail::ImapFields;
use domain::{FieldError, MailboxId};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

fn view(source: Source) -> HttpResponse {
    HttpResponse::Ok().json(ImapSource {
        host: source.fields.host,
        port: i64::from(source.fields.port),
        security: source.fields.security.as_str().to_owned(),
        username: source.fields.username,
        folder: source.fields.folder,
        last_uid: source.last_uid,
        polled_at: source.polled_at,
        error: source.error,
    })
}

/// Where the mailbox's mail is fetched from over IMAP; 404 when it is not.
#[utoipa::path(
    tag = "mailboxes",
    params(("id" = String, Path, description = "The mailbox's id")),
    responses((status = 200, description = "Its IMAP source", body = ImapSource)),
)]
#[get("/mailboxes/{id}/imap")]
pub async fn get_mailbox_imap(state: State, caller: Caller, id: web::Path<String>) -> Reply {
    let id: MailboxId = path_id(&id)?;
    let source = state
        .run(caller, move |conn, p| {
            db::mailbox_imap::get(conn, p.org, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(view(source))
}

/// Fetch the mailbox's mail from an IMAP server (admins).
///
/// Its new messages are taken every poll (60 seconds unless set otherwise) exactly as posted
/// ones are, and marked seen on the server, where they stay. A new server, account or folder
/// is read from its first message; one already taken is not taken again.
#[utoipa::path(
    tag = "mailboxes",
    params(("id" = String, Path, description = "The mailbox's id")),
    request_body = PutImapSource,
    responses((status = 200, description = "Its IMAP source", body = ImapSource), Invalid),
)]
#[put("/mailboxes/{id}/imap")]
pub async fn put_mailbox_imap(
    state: State,
    caller: Caller,
    id: web::Path<String>,
    body: Json<PutImapSource>,
) -> Reply {
    let id: MailboxId = path_id(&id)?;
    let body = body.into_inner();
    let fields = ImapFields::parse(
        &body.host,
        body.port,
        &body.security,
        &body.username,
        body.folder.as_deref(),
    );
    let password = match body.password {
        Some(p) if p.is_empty() || p.chars().count() > 500 || p.chars().any(char::is_control) => {
            Err(FieldError::new(
                "/password",
                "invalid_text",
                "1 to 500 characters, none of them control characters",
            ))
        }
        other => Ok(other),
    };
    let (fields, password) = match (fields, password) {
        (Ok(fields), Ok(password)) => (fields, password),
        (fields, password) => {
            let mut errors = fields.err().map(|v| v.into_errors()).unwrap_or_default();
            errors.extend(password.err());
            return Err(ApiError::Validation(errors));
        }
    };
    let now = state.now();
    let source = state
        .run(caller, move |conn, p| {
            Ok(db::mailbox_imap::put(
                conn,
                p.org,
                id,
                &fields,
                password.as_deref(),
                now,
            )?)
        })
        .await?;
    Ok(view(source))
}

/// Stop fetching the mailbox's mail over IMAP (admins).
#[utoipa::path(
    tag = "mailboxes",
    params(("id" = String, Path, description = "The mailbox's id")),
    responses((status = 204, description = "No longer fetched")),
)]
#[delete("/mailboxes/{id}/imap")]
pub async fn delete_mailbox_imap(state: State, caller: Caller, id: web::Path<String>) -> Reply {
    let id: MailboxId = path_id(&id)?;
    state
        .run(caller, move |conn, p| {
            Ok(db::mailbox_imap::remove(conn, p.org, id)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
