//! The public route a mailbox's mail is posted to: by an inbound mail provider's webhook, or a
//! forwarding script. The secret in the URL is the only credential.

use actix_web::http::header;
use actix_web::web::{Path, Payload};
use actix_web::{post, HttpMessage, HttpRequest, HttpResponse};
use api_types::mail::{InboundEmail, RawEmail};
use api_types::Problem;
use db::mailboxes::Mailbox;
use db::record::{self, Visibility};
use domain::mail::parse_inbound_token;
use mail_parser::MimeHeaders;

use super::view;
use crate::auth::tokens::same_secret;
use crate::desk::inbound;
use crate::error::ApiError;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

/// The largest message taken, in bytes (with its attachments, as encoded).
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// The form fields inbound providers put the raw message in.
const MESSAGE_FIELDS: [&str; 5] = ["email", "message", "raw", "mime", "body-mime"];

/// The raw message in a `multipart/form-data` body: the field named like one of
/// [`MESSAGE_FIELDS`], found with the MIME parser (a form body is MIME) and taken byte for
/// byte from the body (decoded only when the field itself is encoded).
fn message_in_form(content_type: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut whole = format!("Content-Type: {content_type}\r\n\r\n").into_bytes();
    whole.extend_from_slice(body);
    let form = inbound::parse_mime(&whole)?;
    let part = form.parts.iter().find(|part| {
        part.content_disposition()
            .and_then(|d| d.attribute("name"))
            .is_some_and(|name| MESSAGE_FIELDS.contains(&name.to_ascii_lowercase().as_str()))
    })?;
    if part.content_transfer_encoding().is_some() {
        return Some(part.contents().to_vec());
    }
    let (start, end) = (
        part.raw_body_offset() as usize,
        part.raw_end_offset() as usize,
    );
    whole.get(start..end).map(<[u8]>::to_vec)
}

/// The raw message a request's body carries, by its media type (`content_type` whole, with
/// its parameters).
fn raw_message(media_type: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let missing = || ApiError::MalformedBody("the body holds no message".into());
    match media_type {
        "message/rfc822" | "text/plain" | "application/octet-stream" => Ok(body.to_vec()),
        "application/json" => {
            let posted: RawEmail = serde_json::from_slice(body).map_err(|e| {
                ApiError::MalformedBody(format!("the body must be {{\"raw\": \"…\"}}: {e}"))
            })?;
            Ok(posted.raw.into_bytes())
        }
        "multipart/form-data" => message_in_form(content_type, body).ok_or_else(missing),
        _ => Err(ApiError::UnsupportedMediaType(
            "message/rfc822, application/json or multipart/form-data",
        )),
    }
}

/// Post a message to a mailbox.
///
/// Public: the secret in the path (the mailbox's `inbound_path`) is the credential; a wrong
/// one, or a deleted or inactive mailbox, answers 404. The message goes raw (RFC 5322) as
/// `message/rfc822`; as JSON, `{"raw": "…"}`; or as `multipart/form-data` in a field named
/// `email`, `message`, `raw`, `mime` or `body-mime`, the way inbound mail providers post it. At most 25 MiB.
///
/// A new message opens a ticket (its requester found by address, or created as a contact);
/// a reply lands on the ticket it answers, threaded by `In-Reply-To` and `References`, then
/// by a `[#number]` in the subject or a `+number` address when the ticket's requester sent
/// it. Auto-replies and bulk mail open nothing and are never answered; mail from blocked
/// senders opens nothing; a message that cannot be read is kept for an admin. Every message
/// is kept whole (201); the same message posted again is kept once and answered 200 with
/// the first record.
#[utoipa::path(
    tag = "mailboxes",
    params(("token" = String, Path, description = "The secret last part of the mailbox's `inbound_path`")),
    request_body(content(
        (String = "message/rfc822"),
        (RawEmail = "application/json"),
    )),
    responses(
        (status = 201, description = "Kept; what became of it is its `outcome`", body = InboundEmail, headers(("Location" = String))),
        (status = 200, description = "Posted before: the first record", body = InboundEmail),
        (status = 404, description = "No such mailbox, or it takes no mail", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 25 MiB", body = Problem, content_type = "application/problem+json"),
        Invalid,
    ),
    security(()),
)]
#[post("/inbound/email/{token}")]
pub async fn receive_email(
    state: State,
    req: HttpRequest,
    token: Path<String>,
    body: Payload,
) -> Reply {
    let (org, mailbox, secret) = parse_inbound_token(&token).ok_or(ApiError::NotFound)?;
    let secret = secret.to_owned();
    // The mailbox and its secret first: without them, nothing of the body is read.
    let mailbox = state
        .db(move |conn| {
            let mailbox: Mailbox = record::get(conn, org, mailbox, Visibility::Live)?;
            if !mailbox.fields.active || !same_secret(&mailbox.secret, &secret) {
                return Err(ApiError::NotFound);
            }
            Ok(mailbox)
        })
        .await?;
    let body = match body.to_bytes_limited(MAX_MESSAGE_BYTES).await {
        Ok(Ok(body)) => body,
        Ok(Err(e)) => return Err(ApiError::MalformedBody(e.to_string())),
        Err(_) => return Err(ApiError::PayloadTooLarge(MAX_MESSAGE_BYTES)),
    };
    let media_type = req.content_type().to_owned();
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let now = state.now();
    let received = state
        .db(move |conn| {
            let raw = raw_message(&media_type, &content_type, &body)?;
            inbound::receive(conn, org, &mailbox, &raw, now)
        })
        .await?;
    let body = view::email(&received.email);
    Ok(if received.duplicate {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::Created()
            .insert_header((
                header::LOCATION,
                format!("/api/v1/inbound-emails/{}", body.id),
            ))
            .json(body)
    })
}
