//! `/api/v1/attachments`: files for ticket messages. A file is uploaded first, then sent by
//! naming it in a message's `attachment_ids`; it is downloaded by whoever may see the ticket.

use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::web::{Path, Payload, Query};
use actix_web::{delete, get, post, HttpRequest, HttpResponse};
use api_types::attachments::{FileContent, UploadQuery};
use db::record::{self, Visibility};
use domain::attachment::{self, Attachment, Uploader};
use domain::ticket::Ticket;
use domain::Permission::{ReadTickets, WriteTickets};
use domain::{AttachmentId, OrgId, Violations};
use futures_util::StreamExt;

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::path_id;
use crate::files::{FileStore, Incoming};
use crate::kit::{Reply, State};
use crate::openapi::{Id, IfNoneMatch, Invalid};

/// The attachment routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(upload_attachment, Can(WriteTickets))
        .add(download_attachment, Can(ReadTickets))
        .add(discard_attachment, Can(WriteTickets));
}

/// An attachment as the API shows it.
pub fn view(a: &Attachment) -> api_types::attachments::Attachment {
    api_types::attachments::Attachment {
        id: a.id.to_string(),
        filename: a.filename.clone(),
        content_type: a.content_type.clone(),
        size: a.size,
        sha256: a.sha256.clone(),
        ticket_id: a.ticket_id.map(|t| t.to_string()),
        message_id: a.message_id.map(|m| m.to_string()),
        uploaded_by: match a.uploaded_by {
            Uploader::Staff(user) => Some(user.to_string()),
            Uploader::Customer(_) => None,
        },
        uploaded_by_portal_user: match a.uploaded_by {
            Uploader::Staff(_) => None,
            Uploader::Customer(portal_user) => Some(portal_user.to_string()),
        },
        created_at: a.created_at,
        url: format!("/api/v1/attachments/{}", a.id),
    }
}

/// Upload a file to send with a message.
///
/// The body is the file itself; `Content-Type` is its media type and `filename` names it.
/// The upload waits for you alone until a message names it in `attachment_ids` (a day, then
/// it is deleted). The organization's `max_attachment_mib` is the largest file (413 above
/// it); an empty file is refused (422). The same content sent twice is stored once.
#[utoipa::path(
    tag = "attachments",
    params(UploadQuery),
    request_body(content = FileContent, content_type = "application/octet-stream", description = "The file"),
    responses(
        (status = 201, description = "Uploaded, waiting to be sent", body = api_types::attachments::Attachment, headers(("Location" = String))),
        (status = 413, description = "Larger than the organization allows", body = api_types::Problem, content_type = "application/problem+json"),
        Invalid,
    ),
)]
#[post("/attachments")]
pub async fn upload_attachment(
    state: State,
    caller: Caller,
    request: HttpRequest,
    query: Query<UploadQuery>,
    body: Payload,
) -> Reply {
    let (org, user, limit) = state
        .run(caller, |conn, p| {
            Ok((
                p.org,
                p.user,
                db::orgs::get(conn, p.org)?.max_attachment_mib,
            ))
        })
        .await?;
    let upload = (org, Uploader::Staff(user), limit);
    let uploaded = take_upload(&state, &request, &query, body, upload).await?;
    let body = view(&uploaded);
    Ok(uploaded_answer(body.url.clone(), body))
}

/// 201 with the upload `body`, which is at `url`.
pub fn uploaded_answer(url: String, body: impl serde::Serialize) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, url))
        .json(body)
}

/// Receives the upload in `body` for `uploader` of `org`, whose largest file is `limit_mib`:
/// checks its name and size, stores its content once, and records it waiting to be sent.
pub async fn take_upload(
    state: &State,
    request: &HttpRequest,
    query: &UploadQuery,
    body: Payload,
    (org, uploader, limit_mib): (OrgId, Uploader, i32),
) -> Result<Attachment, ApiError> {
    let mut v = Violations::new();
    let filename = v.check(attachment::filename("/filename", &query.filename));
    let content_type = attachment::media_type(
        request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok()),
    );
    let limit = usize::try_from(limit_mib).unwrap_or(1) * 1024 * 1024;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|l| l.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    let (incoming, sha256) = receive(state.files.clone(), body, limit).await?;
    if incoming.size() == 0 {
        v.push(domain::FieldError::new(
            "/body",
            "empty",
            "the file is empty",
        ));
    }
    let filename = v.finish(|| filename).map_err(ApiError::from)?;
    let new = Attachment {
        id: AttachmentId::mint(),
        ticket_id: None,
        message_id: None,
        filename,
        content_type,
        size: incoming.size() as i64,
        sha256,
        uploaded_by: uploader,
        created_at: state.now(),
    };
    let files = state.files.clone();
    state
        .db(move |conn| {
            db::tickets::attachments::upload(conn, org, &new, || {
                files
                    .keep(org, &new.sha256, incoming)
                    .map_err(|e| ApiError::Internal(format!("storing an attachment: {e}")))
            })?;
            Ok(new)
        })
        .await
}

/// Writes the request body to a new upload as it arrives, a megabyte at a time off the
/// async threads; the upload and its SHA-256. More than `limit` bytes is 413.
async fn receive(
    files: std::sync::Arc<FileStore>,
    mut body: Payload,
    limit: usize,
) -> Result<(Incoming, String), ApiError> {
    const BATCH: usize = 1024 * 1024;
    let stored = |e: std::io::Error| ApiError::Internal(format!("receiving an attachment: {e}"));
    let mut incoming = block(move || files.receive()).await?.map_err(stored)?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut received = 0;
    loop {
        let chunk = body.next().await;
        if let Some(chunk) = &chunk {
            let chunk = chunk
                .as_ref()
                .map_err(|e| ApiError::MalformedBody(e.to_string()))?;
            received += chunk.len();
            if received > limit {
                return Err(ApiError::PayloadTooLarge(limit));
            }
            batch.extend_from_slice(chunk);
            if batch.len() < BATCH {
                continue;
            }
        }
        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
        let done = chunk.is_none();
        let (back, hash) = block(move || {
            let written = incoming.write(&full);
            let hash = match written {
                Ok(()) if done => incoming.finish().map(Some),
                Ok(()) => Ok(None),
                Err(e) => Err(e),
            };
            (incoming, hash)
        })
        .await?;
        incoming = back;
        if let Some(hash) = hash.map_err(stored)? {
            return Ok((incoming, hash));
        }
    }
}

/// Runs file work on the blocking threads.
async fn block<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    actix_web::web::block(work)
        .await
        .map_err(|e| ApiError::Internal(format!("file work: {e}")))
}

/// Download an attachment.
///
/// Anyone who may see its ticket may download it; a file not yet sent only its uploader. It
/// always comes as a download (`Content-Disposition: attachment`), never shown in place. Its
/// `ETag` is its content's digest: with `If-None-Match` naming it, the answer is 304 without
/// the file.
#[utoipa::path(
    tag = "attachments",
    params(Id, IfNoneMatch),
    responses(
        (status = 200, description = "The file, of the media type it was uploaded with", content_type = "*/*", body = FileContent),
        (status = 304, description = "The file is the one the client holds"),
    ),
)]
#[get("/attachments/{id}")]
pub async fn download_attachment(
    state: State,
    caller: Caller,
    id: Path<String>,
    request: HttpRequest,
) -> Reply {
    let id: AttachmentId = path_id(&id)?;
    let held = held_etag(&request);
    let files = state.files.clone();
    let (found, content) = state
        .run(caller, move |conn, p| {
            let found = db::tickets::attachments::get(conn, p.org, id)?;
            match found.ticket_id {
                None if found.uploaded_by != Uploader::Staff(p.user) => {
                    return Err(ApiError::NotFound)
                }
                None => {}
                Some(ticket) => {
                    record::get::<Ticket>(conn, p.org, ticket, Visibility::Live)?;
                }
            }
            let content = content(&files, p.org, &found, held.as_deref())?;
            Ok((found, content))
        })
        .await?;
    Ok(download(&found, content))
}

/// The `If-None-Match` the request carries, if any.
pub fn held_etag(request: &HttpRequest) -> Option<String> {
    request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The content of `found`, read from storage; none when `held` (`If-None-Match`) names it.
pub fn content(
    files: &FileStore,
    org: OrgId,
    found: &Attachment,
    held: Option<&str>,
) -> Result<Option<Vec<u8>>, ApiError> {
    if held.is_some_and(|h| names_etag(h, &found.sha256)) {
        return Ok(None);
    }
    let content = files.read(org, &found.sha256).map_err(|e| match e.kind() {
        // Removed by a redaction committed since the row was read.
        std::io::ErrorKind::NotFound => ApiError::NotFound,
        _ => ApiError::Internal(format!("reading {}: {e}", found.sha256)),
    })?;
    Ok(Some(content))
}

/// The file as a download, never shown in place; 304 when the client holds it (`None`).
pub fn download(found: &Attachment, content: Option<Vec<u8>>) -> HttpResponse {
    let etag = (header::ETAG, format!("\"{}\"", found.sha256));
    let cache = (header::CACHE_CONTROL, "private, no-cache");
    let Some(content) = content else {
        return HttpResponse::NotModified()
            .insert_header(etag)
            .insert_header(cache)
            .finish();
    };
    HttpResponse::Ok()
        .content_type(found.content_type.as_str())
        .insert_header(disposition(&found.filename))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .insert_header(cache)
        .insert_header(etag)
        .body(content)
}

/// Whether an `If-None-Match` value names the entity tag of the content `sha256` (`*`, or one
/// of its tags, weak or strong: a weak comparison, as RFC 9110 asks for `If-None-Match`).
fn names_etag(if_none_match: &str, sha256: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").trim_matches('"') == sha256)
}

/// `attachment`, named by `filename`: in ASCII for old clients, exactly in UTF-8.
pub fn disposition(filename: &str) -> ContentDisposition {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: filename.as_bytes().to_vec(),
            }),
        ],
    }
}

/// Discard an upload you have not sent.
///
/// A file already sent stays with its message (409 `attachment_sent`); an admin redacts the
/// message to remove it.
#[utoipa::path(
    tag = "attachments",
    params(Id),
    responses((status = 204, description = "Discarded"), crate::openapi::Conflict),
)]
#[delete("/attachments/{id}")]
pub async fn discard_attachment(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id: AttachmentId = path_id(&id)?;
    let files = state.files.clone();
    state
        .run(caller, move |conn, p| {
            let by = Uploader::Staff(p.user);
            let content = db::tickets::attachments::discard(conn, p.org, id, by)?;
            files.release(conn, p.org, &[content]);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's uploads `raw` (`att_…`), parsed: at most [`attachment::MAX_PER_MESSAGE`],
/// each once.
pub fn ids(raw: &[String]) -> Result<Vec<AttachmentId>, domain::FieldError> {
    if raw.len() > attachment::MAX_PER_MESSAGE {
        return Err(domain::FieldError::new(
            "/attachment_ids",
            "too_many",
            format!("at most {} files", attachment::MAX_PER_MESSAGE),
        ));
    }
    let mut ids = Vec::with_capacity(raw.len());
    for (i, one) in raw.iter().enumerate() {
        let id = AttachmentId::parse(&format!("/attachment_ids/{i}"), one)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}
